/**
 * NumPy .npy (format 1.0) for 1-D and 2-D little-endian float32/float64/int32 arrays, so `numpy.load` reads our
 * factor matrices as they are.
 */
import { readFileSync } from "node:fs";
import { UserError } from "./errors.js";
import { writeFileAtomic } from "./fs.js";

export type NpyArray = Float32Array | Float64Array | Int32Array;

export interface NpyMatrix<T extends NpyArray = NpyArray> {
  data: T;
  shape: number[];
}

const DESCR: Record<string, string> = { Float32Array: "<f4", Float64Array: "<f8", Int32Array: "<i4" };

export function encodeNpy(data: NpyArray, shape: number[]): Buffer {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (expected !== data.length)
    throw new Error(`npy: shape ${shape.join("x")} does not match ${data.length} values`);
  const descr = DESCR[data.constructor.name];
  if (!descr) throw new Error(`npy: unsupported array type ${data.constructor.name}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + header length (2) + header must be a multiple of 64, ending in a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = `${header}${" ".repeat(total - 10 - header.length - 1)}\n`;
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([head, Buffer.from(header, "latin1"), body]);
}

export function writeNpy(path: string, data: NpyArray, shape: number[]): void {
  writeFileAtomic(path, encodeNpy(data, shape));
}

export class NpyError extends UserError {}

export function decodeNpy(buf: Buffer, name = "array"): NpyMatrix {
  if (buf.length < 10 || buf.toString("latin1", 0, 6) !== "\x93NUMPY")
    throw new NpyError(`${name}: not a .npy file`);
  const major = buf[6] as number;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString("latin1", start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new NpyError(`${name}: unreadable .npy header`);
  if (fortran)
    throw new NpyError(`${name}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const bytes = buf.subarray(offset);
  const copy = (n: number) => {
    if (bytes.length < count * n)
      throw new NpyError(`${name}: file is truncated (${bytes.length} of ${count * n} bytes)`);
    const out = new ArrayBuffer(count * n);
    new Uint8Array(out).set(bytes.subarray(0, count * n));
    return out;
  };
  if (descr === "<f4") return { data: new Float32Array(copy(4)), shape };
  if (descr === "<f8") return { data: new Float64Array(copy(8)), shape };
  if (descr === "<i4") return { data: new Int32Array(copy(4)), shape };
  if (descr === "<i8") {
    const big = new BigInt64Array(copy(8));
    return { data: Int32Array.from(big, (v) => Number(v)), shape };
  }
  throw new NpyError(`${name}: unsupported dtype ${descr} (use float32, float64, int32 or int64)`);
}

export function readNpy(path: string): NpyMatrix {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new NpyError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return decodeNpy(buf, path);
}

/** Reads a matrix as float32, converting from float64 when needed. */
export function readNpyFloat32(path: string): NpyMatrix<Float32Array> {
  const m = readNpy(path);
  return { data: m.data instanceof Float32Array ? m.data : Float32Array.from(m.data), shape: m.shape };
}
