/** Vietnamese cosmetics vocabulary shared by the demo-shop generator and the comment-quality lexicon. */

export interface BrandInfo {
  name: string;
  origin: string;
  /** Price tier: 0 budget, 1 mid, 2 premium. */
  tier: 0 | 1 | 2;
}

export const BRANDS: BrandInfo[] = [
  { name: "simple", origin: "anh", tier: 0 },
  { name: "cetaphil", origin: "canada", tier: 1 },
  { name: "cerave", origin: "mỹ", tier: 1 },
  { name: "la roche-posay", origin: "pháp", tier: 2 },
  { name: "bioderma", origin: "pháp", tier: 1 },
  { name: "garnier", origin: "pháp", tier: 0 },
  { name: "l'oreal", origin: "pháp", tier: 1 },
  { name: "vichy", origin: "pháp", tier: 2 },
  { name: "avène", origin: "pháp", tier: 2 },
  { name: "innisfree", origin: "hàn quốc", tier: 1 },
  { name: "some by mi", origin: "hàn quốc", tier: 1 },
  { name: "cosrx", origin: "hàn quốc", tier: 1 },
  { name: "klairs", origin: "hàn quốc", tier: 1 },
  { name: "laneige", origin: "hàn quốc", tier: 2 },
  { name: "sulwhasoo", origin: "hàn quốc", tier: 2 },
  { name: "the face shop", origin: "hàn quốc", tier: 0 },
  { name: "senka", origin: "nhật bản", tier: 0 },
  { name: "hada labo", origin: "nhật bản", tier: 0 },
  { name: "anessa", origin: "nhật bản", tier: 2 },
  { name: "bioré", origin: "nhật bản", tier: 0 },
  { name: "shiseido", origin: "nhật bản", tier: 2 },
  { name: "cocoon", origin: "việt nam", tier: 0 },
  { name: "thorakao", origin: "việt nam", tier: 0 },
  { name: "sao thái dương", origin: "việt nam", tier: 0 },
  { name: "m.o.i", origin: "việt nam", tier: 1 },
  { name: "paula's choice", origin: "mỹ", tier: 2 },
  { name: "the ordinary", origin: "canada", tier: 1 },
  { name: "eucerin", origin: "đức", tier: 2 },
  { name: "nivea", origin: "đức", tier: 0 },
  { name: "maybelline", origin: "mỹ", tier: 0 },
  { name: "3ce", origin: "hàn quốc", tier: 1 },
  { name: "romand", origin: "hàn quốc", tier: 0 },
  { name: "black rouge", origin: "hàn quốc", tier: 0 },
  { name: "dove", origin: "anh", tier: 0 },
  { name: "tresemmé", origin: "mỹ", tier: 0 },
  { name: "pantene", origin: "mỹ", tier: 0 },
  { name: "hatomugi", origin: "nhật bản", tier: 0 },
  { name: "skin1004", origin: "hàn quốc", tier: 1 },
  { name: "dr.g", origin: "hàn quốc", tier: 1 },
  { name: "caryophy", origin: "hàn quốc", tier: 0 },
];

export interface ProductType {
  name: string;
  /** Routine step; the generator makes users move along the routine. */
  step: number;
  basePrice: number;
  sizes: string[];
  design: string;
}

export const TYPES: ProductType[] = [
  {
    name: "nước tẩy trang",
    step: 0,
    basePrice: 120000,
    sizes: ["100ml", "400ml", "500ml"],
    design: "chai nhựa",
  },
  { name: "sữa rửa mặt", step: 1, basePrice: 110000, sizes: ["50ml", "150ml", "200ml"], design: "tuýp" },
  { name: "tẩy tế bào chết", step: 1, basePrice: 150000, sizes: ["100ml", "118ml"], design: "chai nhựa" },
  {
    name: "nước hoa hồng",
    step: 2,
    basePrice: 160000,
    sizes: ["150ml", "180ml", "250ml"],
    design: "chai nhựa",
  },
  {
    name: "serum",
    step: 3,
    basePrice: 280000,
    sizes: ["10ml", "30ml", "50ml"],
    design: "chai thủy tinh có ống nhỏ giọt",
  },
  { name: "kem dưỡng ẩm", step: 4, basePrice: 250000, sizes: ["50ml", "50g", "80ml"], design: "hũ" },
  { name: "kem mắt", step: 4, basePrice: 320000, sizes: ["15ml", "20ml"], design: "tuýp" },
  { name: "kem chống nắng", step: 5, basePrice: 220000, sizes: ["50ml", "60ml", "90ml"], design: "tuýp" },
  { name: "mặt nạ", step: 6, basePrice: 30000, sizes: ["1 miếng", "10 miếng", "100g"], design: "gói" },
  { name: "xịt khoáng", step: 6, basePrice: 180000, sizes: ["50ml", "150ml", "300ml"], design: "chai xịt" },
  { name: "son môi", step: 7, basePrice: 180000, sizes: ["3.5g", "4g"], design: "thỏi" },
  { name: "phấn nước cushion", step: 7, basePrice: 350000, sizes: ["15g"], design: "hộp" },
  { name: "dầu gội", step: 8, basePrice: 140000, sizes: ["340ml", "650ml"], design: "chai nhựa" },
  { name: "sữa tắm", step: 8, basePrice: 130000, sizes: ["500ml", "900g"], design: "chai nhựa" },
];

export const SKIN_TYPES = ["da dầu", "da khô", "da nhạy cảm", "da hỗn hợp", "da mụn", "mọi loại da"] as const;

export interface Concern {
  name: string;
  ingredients: string[];
  features: string[];
}

export const CONCERNS: Concern[] = [
  {
    name: "mụn",
    ingredients: ["bha", "salicylic acid", "tràm trà", "kẽm", "niacinamide"],
    features: ["ngừa mụn", "kiềm dầu", "giảm thâm"],
  },
  {
    name: "dưỡng ẩm",
    ingredients: ["hyaluronic acid", "ceramide", "glycerin", "vitamin b5"],
    features: ["cấp ẩm", "phục hồi da", "làm mềm da"],
  },
  {
    name: "sáng da",
    ingredients: ["vitamin c", "niacinamide", "arbutin", "aha"],
    features: ["dưỡng trắng", "làm sáng da", "mờ thâm nám"],
  },
  {
    name: "chống lão hóa",
    ingredients: ["retinol", "peptide", "collagen", "vitamin e"],
    features: ["chống lão hóa", "giảm nếp nhăn", "săn chắc da"],
  },
  {
    name: "làm dịu",
    ingredients: ["rau má", "nha đam", "panthenol", "trà xanh"],
    features: ["làm dịu da", "giảm kích ứng", "lành tính"],
  },
];

/** Word-segmented like Shopee's processed_comment (syllables of one word joined by "_"). */
export const POSITIVE_WORDS = [
  "tốt",
  "thích",
  "ưng",
  "ưng_ý",
  "chính_hãng",
  "giao_hàng nhanh",
  "đóng_gói cẩn_thận",
  "hiệu_quả",
  "thơm",
  "mịn",
  "sạch",
  "lành_tính",
  "đáng mua",
  "tuyệt_vời",
  "ok",
  "rẻ",
  "chất_lượng",
  "hài_lòng",
  "yêu",
  "recommend",
];

export const NEGATIVE_WORDS = [
  "tệ",
  "kém",
  "thất_vọng",
  "hàng giả",
  "fake",
  "kích_ứng",
  "nổi mụn",
  "dị_ứng",
  "móp",
  "vỡ",
  "chậm",
  "không hiệu_quả",
  "hết hạn",
  "bết",
  "rát",
  "không thích",
  "lỗi",
  "hoàn tiền",
];

export const EMOJI_NAMES = [
  "thumbs_up",
  "smiling_face_with_heart_eyes",
  "red_heart",
  "smiling_face_with_open_hands",
  "star_struck",
];
