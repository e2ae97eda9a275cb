//! Text similarity for alignment: syllables and adjacent syllable pairs (Vietnamese words are
//! mostly two syllables), compared without diacritics, weighted by inverse document frequency
//! over both documents so the domain's boilerplate ("khoa học, công nghệ, đổi mới sáng tạo và
//! chuyển đổi số") counts for little. Words that localization rewrites are left out.

use std::collections::BTreeMap;

/// Function words, and the words that change between a central plan and a provincial one
/// ("Thủ tướng Chính phủ" → "UBND tỉnh", "Bộ" → "Sở", "quốc gia" → "tỉnh").
const STOP: [&str; 40] = [
    "va", "cua", "cac", "cho", "trong", "de", "voi", "tren", "theo", "ve", "tai", "la", "duoc",
    "nhung", "mot", "nhat", "thu", "tuong", "chinh", "phu", "ubnd", "tinh", "quoc", "gia", "trung",
    "uong", "bo", "so", "nganh", "dia", "phuong", "nam", "cap", "co", "quan", "nha", "nuoc", "dan",
    "uy", "ban",
];

fn syllables(text: &str) -> Vec<String> {
    crate::text::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn terms(text: &str) -> Vec<String> {
    let syl = syllables(text);
    let keep: Vec<bool> = syl
        .iter()
        .map(|s| !STOP.contains(&s.as_str()) && s.len() > 1)
        .collect();
    let mut out = Vec::new();
    for (k, s) in syl.iter().enumerate() {
        if keep[k] {
            out.push(s.clone());
            if k + 1 < syl.len() && keep[k + 1] {
                out.push(format!("{s} {}", syl[k + 1]));
            }
        }
    }
    out
}

/// Document frequencies over the texts being compared.
pub struct Corpus {
    ids: BTreeMap<String, usize>,
    df: Vec<u32>,
    n: usize,
}

/// A sparse, unit-length vector, sorted by term id.
pub struct Vector(Vec<(usize, f64)>);

impl Corpus {
    pub fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Corpus {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut n = 0;
        for text in texts {
            n += 1;
            let mut seen: Vec<usize> = terms(text)
                .into_iter()
                .map(|t| {
                    let next = ids.len();
                    *ids.entry(t).or_insert(next)
                })
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                if id >= df.len() {
                    df.resize(id + 1, 0);
                }
                df[id] += 1;
            }
        }
        Corpus { ids, df, n }
    }

    pub fn vector(&self, text: &str) -> Vector {
        let mut tf: BTreeMap<usize, f64> = BTreeMap::new();
        for t in terms(text) {
            if let Some(&id) = self.ids.get(&t) {
                *tf.entry(id).or_default() += 1.0;
            }
        }
        let mut v: Vec<(usize, f64)> = tf
            .into_iter()
            .map(|(id, f)| {
                let df = self.df.get(id).copied().unwrap_or(0) as f64;
                let idf = ((self.n as f64 + 1.0) / (df + 1.0)).ln() + 1.0;
                (id, (1.0 + f.ln()) * idf)
            })
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        Vector(v)
    }
}

impl Vector {
    pub fn cosine(&self, other: &Vector) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_text_stays_close() {
        let texts = [
            "Xây dựng, trình Thủ tướng Chính phủ ban hành Đề án đánh giá mức độ chuyển đổi số của cơ quan nhà nước",
            "Xây dựng, trình UBND tỉnh ban hành Đề án đánh giá mức độ chuyển đổi số của cơ quan nhà nước trên địa bàn tỉnh",
            "Phát triển nguồn nhân lực bán dẫn và trí tuệ nhân tạo",
        ];
        let c = Corpus::new(texts.iter().copied());
        let v: Vec<Vector> = texts.iter().map(|t| c.vector(t)).collect();
        assert!(v[0].cosine(&v[1]) > 0.9, "{}", v[0].cosine(&v[1]));
        assert!(v[0].cosine(&v[2]) < 0.1);
        assert!((v[0].cosine(&v[0]) - 1.0).abs() < 1e-9);
    }
}
