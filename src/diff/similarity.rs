//! Text similarity for alignment: syllables and adjacent syllable pairs (Vietnamese words are
//! mostly two syllables), compared without diacritics (objects without tones only), weighted by inverse document frequency
//! over the texts being compared so the domain's boilerplate ("khoa học, công nghệ, đổi mới
//! sáng tạo và chuyển đổi số") counts for little. Words that localization rewrites are left out.

use std::collections::{BTreeMap, HashMap};

/// Function words, and the single words that change between a central plan and a provincial
/// one ("Bộ" → "Sở", "quốc gia" → "tỉnh"). Matched with their diacritics: folded, "sở" would
/// also drop "số" (digital: "Chính phủ số", "kinh tế số"), "bộ" "bổ" ("bổ sung").
const STOP: [&str; 23] = [
    "và", "của", "các", "cho", "trong", "để", "với", "trên", "theo", "về", "tại", "là", "được",
    "những", "một", "nhất", "có", "ubnd", "tỉnh", "bộ", "sở", "ngành", "năm",
];

/// The phrases localization rewrites ("Thủ tướng Chính phủ" → "UBND tỉnh", "cơ quan nhà nước
/// trung ương" → "sở, ban, ngành"), dropped as phrases: their syllables alone are content
/// elsewhere ("chính sách", "tài chính", "quốc tế", "quản lý nhà nước" → "nhà khoa học").
const STOP_PHRASES: [[&str; 2]; 9] = [
    ["thủ", "tướng"],
    ["chính", "phủ"],
    ["quốc", "gia"],
    ["trung", "ương"],
    ["địa", "phương"],
    ["cơ", "quan"],
    ["nhà", "nước"],
    ["ủy", "ban"],
    ["nhân", "dân"],
];

/// Verbs and adverbs that open a task ("Tích cực, chủ động tham gia …", "Xây dựng, trình …
/// ban hành …"): what follows them is the task's object.
const OPENING: [&str; 46] = [
    "xây dựng",
    "tham mưu",
    "triển khai",
    "tổ chức",
    "thực hiện",
    "tích cực",
    "chủ động",
    "tham gia",
    "ban hành",
    "trình",
    "nghiên cứu",
    "đề xuất",
    "rà soát",
    "hoàn thiện",
    "sửa đổi",
    "bổ sung",
    "đẩy mạnh",
    "tăng cường",
    "phát triển",
    "nâng cao",
    "khẩn trương",
    "tiếp tục",
    "phấn đấu",
    "thúc đẩy",
    "hoàn thành",
    "cập nhật",
    "lập",
    "phát động",
    "tập trung",
    "chú trọng",
    "có",
    "kịp thời",
    "quyết liệt",
    "hiệu quả",
    "có hiệu quả",
    "đồng bộ",
    "và",
    "sớm",
    "thường xuyên",
    "định kỳ",
    "chỉ đạo",
    "hướng dẫn",
    "phối hợp",
    "thực thi",
    "áp dụng",
    "vận dụng",
];

/// At most this many words of an opening are dropped: a task is never all opening.
const MAX_OPENING_WORDS: usize = 10;

/// Words that name a kind of locality; the capitalized syllables after one are its proper
/// name ("tỉnh An Giang", "thành phố Cần Thơ"): localization, like "quốc gia" → "tỉnh".
const LOCALITY: [&str; 4] = ["tỉnh", "phố", "huyện", "xã"];

/// The syllables of a text's locality names: capitalized ones after a locality word.
fn locality_names(original: &[&str]) -> Vec<bool> {
    let mut names = vec![false; original.len()];
    let mut after_locality = false;
    for (k, w) in original.iter().enumerate() {
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if after_locality && capital && k > 0 {
            names[k] = true;
            continue;
        }
        after_locality = LOCALITY.contains(&w.to_lowercase().as_str());
    }
    names
}

/// Words whose second syllable is a localization word elsewhere: "cơ sở" (a base, "cơ sở dữ
/// liệu") is not a "Sở", "cán bộ" (an official) or "đồng bộ" not a "Bộ", "chuyên gia đầu ngành"
/// (a leading expert) or "cơ sở dữ liệu chuyên ngành" not a "ngành" of "bộ, ngành".
const COMPOUNDS: [[&str; 2]; 10] = [
    ["cơ", "sở"],
    ["đầu", "ngành"],
    ["chuyên", "ngành"],
    ["liên", "ngành"],
    ["đa", "ngành"],
    ["cán", "bộ"],
    ["đồng", "bộ"],
    ["toàn", "bộ"],
    ["tiến", "bộ"],
    ["nội", "bộ"],
];

fn is_compound(first: &str, second: &str) -> bool {
    COMPOUNDS.iter().any(|c| c[0] == first && c[1] == second)
}

/// Whether the words from `k` name the government as a thing built, "Chính phủ số", "Chính phủ
/// điện tử", or its local form "chính quyền số", "chính quyền điện tử": content, not the
/// agency "Chính phủ" that localization drops.
fn e_government(words: &[&str], k: usize) -> bool {
    words[k] == "chính"
        && matches!(words.get(k + 1), Some(&("phủ" | "quyền")))
        && matches!(words.get(k + 2), Some(&("số" | "điện")))
}

fn terms(text: &str) -> Vec<String> {
    terms_as(text, true)
}

/// The terms with their vowels' marks but not their tones ("=năng"), marked apart from the
/// folded ones in the same corpus.
fn toneless_terms(text: &str) -> Vec<String> {
    terms_as(text, false)
}

/// A word without its tone marks, its vowels' own marks kept: "năng" (â) and "nâng" (ă) stay
/// apart, "hoá" and "hóa" (two ways of placing one tone) are one word.
fn toneless(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    word.nfd().filter(|c| !TONES.contains(c)).nfc().collect()
}

fn terms_as(text: &str, fold: bool) -> Vec<String> {
    let original: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let lowered: Vec<String> = original.iter().map(|w| w.to_lowercase()).collect();
    let mut words: Vec<&str> = lowered.iter().map(String::as_str).collect();
    // "chính quyền số" is the local "Chính phủ số".
    for k in 0..words.len() {
        if e_government(&words, k) {
            words[k + 1] = "phủ";
        }
    }
    let names = locality_names(&original);
    let mut keep: Vec<bool> = words
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(k, (w, &name))| {
            let compound = k > 0 && is_compound(words[k - 1], w);
            !name && (compound || !STOP.contains(w)) && w.chars().count() > 1
        })
        .collect();
    for (k, pair) in words.windows(2).enumerate() {
        if !e_government(&words, k)
            && STOP_PHRASES
                .iter()
                .any(|p| p[0] == pair[0] && p[1] == pair[1])
        {
            keep[k] = false;
            keep[k + 1] = false;
        }
    }
    let folded: Vec<String> = words
        .iter()
        .map(|w| {
            if fold {
                crate::text::fold(w)
            } else {
                format!("={}", toneless(w))
            }
        })
        .collect();
    let mut out = Vec::new();
    for (k, s) in folded.iter().enumerate() {
        if keep[k] {
            out.push(s.clone());
            if keep.get(k + 1) == Some(&true) {
                out.push(format!("{s} {}", folded[k + 1]));
            }
        }
    }
    out
}

/// The text after its opening verbs and adverbs: "Tích cực, chủ động tham gia hợp tác …" →
/// "hợp tác …". Two tasks that share only their opening do not share their object. The partner
/// of "Phối hợp với Bộ Xây dựng triển khai …" is who the work is done with, not what is done:
/// it is dropped up to the next opening verb.
pub fn object(text: &str) -> String {
    let words = object_words(text);
    words[opening_len(&words)..].join(" ")
}

/// Whether a text states its action before its object ("Tăng cường cung cấp các dịch vụ công
/// trực tuyến …"), unlike an item of a list whose action an earlier clause states ("hệ thống
/// thông tin địa lý").
pub fn opens_with_action(text: &str) -> bool {
    opening_len(&object_words(text)) > 0
}

fn object_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words of `OPENING` that are no verb: they do not end a partner ("Bộ Khoa học và Công
/// nghệ").
const NOT_VERBS: [&str; 3] = ["và", "có", "đồng bộ"];

/// A partner of "phối hợp với" is at most this many words long.
const MAX_PARTNER_WORDS: usize = 12;

/// The text without the partner of "phối hợp với", for scoring: "Phối hợp với Bộ Xây dựng
/// triển khai hoàn thiện dữ liệu dùng chung" is done with the ministry, not about building
/// ("xây dựng"), and the partner's words only dilute what is done. A partner that no verb
/// follows may be the object: kept.
pub fn without_partner(text: &str) -> String {
    let words = object_words(text);
    match opening(&words).1 {
        Some((from, to)) => words[..from]
            .iter()
            .chain(&words[to..])
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
        None => text.to_string(),
    }
}

/// How many words open the text: opening verbs and adverbs, and the partner of "phối hợp với".
fn opening_len(words: &[&str]) -> usize {
    opening(words).0
}

/// How many words open the text, and where the partner of "phối hợp với" lies among them
/// ("với" included), when it has one.
fn opening(words: &[&str]) -> (usize, Option<(usize, usize)>) {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // The length of an opening entry at `k`, when one starts there.
    let opening_at = |k: usize| {
        let pair = lower.get(k + 1).map(|next| format!("{} {next}", lower[k]));
        if pair.is_some_and(|p| OPENING.contains(&p.as_str())) {
            2
        } else if OPENING.contains(&lower[k].as_str()) {
            1
        } else {
            0
        }
    };
    let (mut k, mut opening, mut partner) = (0, 0, None);
    while k < lower.len() && opening < MAX_OPENING_WORDS {
        let n = opening_at(k);
        if n > 0 {
            k += n;
            opening += n;
            continue;
        }
        let after_cooperate = k >= 2 && lower[k - 2] == "phối" && lower[k - 1] == "hợp";
        match (after_cooperate && lower[k] == "với")
            .then(|| partner_end(words, &lower, k + 1, &opening_at))
            .flatten()
        {
            Some(end) => {
                partner = Some((k, end));
                k = end;
            }
            None => break,
        }
    }
    (k, partner)
}

/// Where the partner that starts at `from` ends: at the first lowercase opening verb, not one
/// after an article, which is a noun ("các tổ chức quốc tế").
fn partner_end(
    words: &[&str],
    lower: &[String],
    from: usize,
    opening_at: &dyn Fn(usize) -> usize,
) -> Option<usize> {
    (from + 1..lower.len().min(from + MAX_PARTNER_WORDS)).find(|&m| {
        let lowercase = words[m].chars().next().is_some_and(char::is_lowercase);
        lowercase
            && opening_at(m) > 0
            && !NOT_VERBS.contains(&lower[m].as_str())
            && !ARTICLES.contains(&lower[m - 1].as_str())
    })
}

/// Words that end an object's head: what follows says what for, about what, where or along
/// which lines ("theo", "cho", "về", "để", "nhằm", "phục vụ", "trong", "tại", "trên", "đối
/// với"), not what is made or done.
const HEAD_END: [&str; 10] = [
    "theo", "cho", "về", "để", "nhằm", "phục", "trong", "tại", "trên", "đối",
];

/// Words after "cho" that make it a verb rather than "for": "cho phép" (allow), "cho vay"
/// (lend). "Xây dựng cơ chế, chính sách cho phép doanh nghiệp nhà nước đánh giá …" is named by
/// what it allows.
const CHO_BOUND: [&str; 2] = ["phép", "vay"];

/// Words before "trên" that make it part of a noun or verb rather than "on": "dựa trên" (based
/// on), "cấp trên" (the level above).
const TREN_BOUND: [&str; 2] = ["dựa", "cấp"];

/// Words that name documents without saying which: "Triển khai thực hiện có hiệu quả các văn
/// bản của cấp trên về phát triển công nghệ và công nghiệp chiến lược" carries out whatever the
/// documents on that subject are. Such an object points at its subject, after "về".
const POINTERS: [[&str; 2]; 1] = [["văn", "bản"]];

/// Articles and quantifiers before a noun ("các văn bản").
const ARTICLES: [&str; 4] = ["các", "những", "mọi", "toàn"];

/// The subject a pointing object points at: "các văn bản của cấp trên về X" → "X". None when
/// the object does not open with a word of `POINTERS` or names no subject.
pub fn pointed_subject(text: &str) -> Option<String> {
    let object = object(text);
    let words: Vec<&str> = object.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let start = lower.iter().position(|w| !ARTICLES.contains(&w.as_str()))?;
    let opens = POINTERS.iter().any(|p| {
        lower.get(start) == Some(&p[0].to_string())
            && lower.get(start + 1) == Some(&p[1].to_string())
    });
    if !opens {
        return None;
    }
    let about = lower.iter().position(|w| w == "về")?;
    let subject = words[about + 1..].join(" ");
    (!subject.is_empty()).then_some(subject)
}

/// Kinds of act a central task makes ("Xây dựng Chương trình Quốc gia …", "trình Chính phủ ban
/// hành Nghị định …"): what a clause that carries out "the documents on X" can take up.
const ACTS: [&str; 22] = [
    "luật",
    "nghị định",
    "nghị quyết",
    "quyết định",
    "thông tư",
    "chỉ thị",
    "chương trình",
    "đề án",
    "kế hoạch",
    "chiến lược",
    "quy hoạch",
    "văn bản",
    "hồ sơ",
    "chính sách",
    "cơ chế",
    "quy định",
    "quy chế",
    "hướng dẫn",
    "bộ tiêu chí",
    "tiêu chuẩn",
    "quy chuẩn",
    "khung",
];

/// Words before an act's kind that say who issues it ("trình Thủ tướng Chính phủ ban hành").
const ISSUING: [&str; 12] = [
    "thủ", "tướng", "chính", "phủ", "quốc", "hội", "ban", "hành", "trình", "các", "một", "số",
];

/// Whether a task makes an act: its object, after who issues it, opens with a kind of act.
/// "Xây dựng Chương trình Quốc gia phát triển công nghệ …" does; "Xây dựng, trình Thủ tướng
/// Chính phủ thành lập Quỹ Đầu tư …" does not.
pub fn makes_act(text: &str) -> bool {
    let object = object(text).to_lowercase();
    let words: Vec<&str> = object
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| ISSUING.contains(w))
        .collect();
    let opening = words.iter().take(3).copied().collect::<Vec<_>>().join(" ");
    ACTS.iter()
        .any(|a| opening == *a || opening.starts_with(&format!("{a} ")))
}

/// The head of a text's object: the object up to its first word of `HEAD_END` ("phục" only in
/// "phục vụ", "đối" only in "đối với", "trên" not in "dựa trên", "cấp trên"); for an object
/// that points at documents, the head of their subject. "Kết nối với mạng lưới chuyên gia, nhà
/// khoa học quốc tế theo các lĩnh vực …" → "Kết nối với mạng lưới chuyên gia nhà khoa học quốc
/// tế".
pub fn head(text: &str) -> String {
    if let Some(subject) = pointed_subject(text) {
        return head(&subject);
    }
    let object = object(text);
    let words: Vec<&str> = object.split_whitespace().collect();
    let end = words
        .iter()
        .enumerate()
        .skip(1)
        .find(|(k, w)| {
            let w = w.to_lowercase();
            HEAD_END.contains(&w.as_str())
                && (w != "phục" || words.get(k + 1).is_some_and(|n| n.to_lowercase() == "vụ"))
                && (w != "đối" || words.get(k + 1).is_some_and(|n| n.to_lowercase() == "với"))
                && !(w == "trên" && TREN_BOUND.contains(&words[k - 1].to_lowercase().as_str()))
                && !(w == "cho"
                    && words
                        .get(k + 1)
                        .is_some_and(|n| CHO_BOUND.contains(&n.to_lowercase().as_str())))
        })
        .map_or(words.len(), |(k, _)| k);
    words[..end].join(" ")
}

/// Document frequencies over the texts being compared.
pub struct Corpus {
    ids: HashMap<String, usize>,
    df: Vec<u32>,
    n: usize,
}

/// A sparse vector, sorted by term id; unit length unless it is a residual.
#[derive(Clone, Debug, Default)]
pub struct Vector(Vec<(usize, f64)>);

impl Corpus {
    pub fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Corpus {
        // Ids in order of first appearance: the same texts give the same ids.
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut n = 0;
        for text in texts {
            n += 1;
            // Folded terms for scoring, toneless ones for the object check.
            let mut seen: Vec<usize> = terms(text)
                .into_iter()
                .chain(toneless_terms(text))
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

    /// The vector of `text` on folded words: extracted text that lost or garbled its marks
    /// still scores.
    pub fn vector(&self, text: &str) -> Vector {
        self.vector_within(terms(text), usize::MAX)
    }

    /// The vector of `text` without the terms found in more than `share` of the texts: the
    /// field's boilerplate ("khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"). On words
    /// without their tones only: it decides whether two texts share an object, and "năng lực"
    /// (capacity) shares nothing with "nâng cao" (raise), which fold alike.
    pub fn content_vector(&self, text: &str, share: f64) -> Vector {
        self.vector_within(
            toneless_terms(text),
            (share * self.n as f64).ceil() as usize,
        )
    }

    fn vector_within(&self, terms: Vec<String>, max_df: usize) -> Vector {
        let mut tf: BTreeMap<usize, f64> = BTreeMap::new();
        for t in terms {
            if let Some(&id) = self.ids.get(&t) {
                if (self.df[id] as usize) <= max_df {
                    *tf.entry(id).or_default() += 1.0;
                }
            }
        }
        let v: Vec<(usize, f64)> = tf
            .into_iter()
            .map(|(id, f)| {
                let df = self.df.get(id).copied().unwrap_or(0) as f64;
                let idf = ((self.n as f64 + 1.0) / (df + 1.0)).ln() + 1.0;
                (id, (1.0 + f.ln()) * idf)
            })
            .collect();
        Vector(v).normalized().0
    }
}

impl Vector {
    fn norm(&self) -> f64 {
        self.0.iter().map(|(_, w)| w * w).sum::<f64>().sqrt()
    }

    /// The vector scaled to unit length, and its length before.
    fn normalized(mut self) -> (Vector, f64) {
        let norm = self.norm();
        if norm > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= norm;
            }
        }
        (self, norm)
    }

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

    /// The share of `self`'s weight (squared, as in the cosine) on terms `other` also has: 1
    /// when `other` says all that `self` says, whatever else it says.
    pub fn contained_in(&self, other: &Vector) -> f64 {
        let total: f64 = self.0.iter().map(|(_, w)| w * w).sum();
        let shared: f64 = self
            .0
            .iter()
            .filter(|(id, _)| other.0.binary_search_by_key(id, |(k, _)| *k).is_ok())
            .map(|(_, w)| w * w)
            .sum();
        if total > 0.0 {
            shared / total
        } else {
            0.0
        }
    }

    /// What `self` says that `explained` does not: `self` without `explained`'s terms, at unit
    /// length, and the share of `self`'s length left (0 when `explained` covers all of it).
    pub fn residual(&self, explained: &Vector) -> (Vector, f64) {
        let rest: Vec<(usize, f64)> = self
            .0
            .iter()
            .filter(|(id, _)| explained.0.binary_search_by_key(id, |(k, _)| *k).is_err())
            .copied()
            .collect();
        let (rest, norm) = Vector(rest).normalized();
        (rest, norm / self.norm().max(f64::MIN_POSITIVE))
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

    #[test]
    fn objects_keep_their_vowels_not_their_tones() {
        // 03/NQ-CP's task 20 aims at "nâng cao hiệu quả quản lý nhà nước"; a bullet "Triển khai
        // nâng cao năng lực …" shares its wording folded ("nang") but not its object.
        let texts = [
            "năng lực về khoa học",
            "nâng cao hiệu quả quản lý",
            "tập trung số hoá dữ liệu",
            "số hóa tài liệu, dữ liệu",
        ];
        let c = Corpus::new(texts.iter().copied());
        let object = |t: &str| c.content_vector(t, 1.0);
        assert_eq!(object(texts[0]).contained_in(&object(texts[1])), 0.0);
        assert!(c.vector(texts[0]).cosine(&c.vector(texts[1])) > 0.0);
        // Two places for one tone ("hoá", "hóa") are one word.
        assert!(object("số hóa dữ liệu").contained_in(&object(texts[2])) > 0.99);
    }

    #[test]
    fn digital_is_not_a_department() {
        // "số" (digital) is content; "Sở" (a provincial department) is localization.
        assert!(terms("Chương trình phát triển Chính phủ số").contains(&"so".to_string()));
        assert!(!terms("Sở Khoa học và Công nghệ").contains(&"so".to_string()));
        assert!(terms("cơ chế quản lý").contains(&"co che".to_string()));
        assert!(terms("cơ chế quản lý").contains(&"quan ly".to_string()));
        // Localization phrases go, their syllables elsewhere stay.
        assert!(terms("trình Thủ tướng Chính phủ")
            .iter()
            .all(|t| !t.contains("chinh")));
        assert!(terms("chính sách tài chính").contains(&"chinh sach".to_string()));
        assert!(terms("kinh nghiệm quốc tế").contains(&"quoc te".to_string()));
    }

    #[test]
    fn local_e_government_is_the_central_one() {
        // "chính quyền số" is the local "Chính phủ số": one term, kept; the agency goes.
        let local = terms("kết quả phát triển Chính quyền số");
        let central = terms("Chương trình phát triển Chính phủ số");
        assert!(local.contains(&"chinh phu".to_string()), "{local:?}");
        assert!(central.contains(&"phu so".to_string()), "{central:?}");
        assert!(local.contains(&"phu so".to_string()), "{local:?}");
        assert!(terms("trình Chính phủ ban hành")
            .iter()
            .all(|t| !t.contains("phu")));
        assert!(terms("chính quyền điện tử").contains(&"chinh phu".to_string()));
    }

    #[test]
    fn locality_names_and_compounds() {
        // The province's own name is localization; a lowercase word after "tỉnh" is content.
        let t = terms("chiến lược thương hiệu tỉnh An Giang nhằm phát triển");
        assert!(t.iter().all(|w| w != "an" && w != "giang"), "{t:?}");
        assert!(terms("trong tỉnh phát triển").contains(&"phat trien".to_string()));
        // "cơ sở dữ liệu" keeps its "sở", "cán bộ" its "bộ"; the agencies still go.
        assert!(terms("Cơ sở dữ liệu ngành").contains(&"co so".to_string()));
        assert!(terms("đào tạo cán bộ").contains(&"can bo".to_string()));
        assert!(terms("Sở Nội vụ, các bộ")
            .iter()
            .all(|w| w != "so" && w != "bo"));
    }

    #[test]
    fn object_drops_the_opening() {
        assert_eq!(
            object("Tích cực, chủ động tham gia hợp tác quốc tế"),
            "hợp tác quốc tế"
        );
        assert_eq!(
            object("Xây dựng Chương trình phát triển Chính phủ số"),
            "Chương trình phát triển Chính phủ số"
        );
        assert_eq!(object("Đề án chuyển đổi số"), "Đề án chuyển đổi số");
        // A department advises ("tham mưu") where a ministry submits ("trình").
        assert_eq!(
            object("Tham mưu xây dựng, hoàn thiện định mức kinh tế kỹ thuật"),
            "định mức kinh tế kỹ thuật"
        );
    }

    #[test]
    fn the_partner_of_phoi_hop_voi_is_not_the_object() {
        // Sở Xây dựng An Giang's plan: who the work is done with ("Bộ Xây dựng", whose name is
        // also the verb "xây dựng") is not what is done.
        assert_eq!(
            object("Phối hợp với Bộ Xây dựng triển khai hoàn thiện dữ liệu dùng chung"),
            "dữ liệu dùng chung"
        );
        assert_eq!(
            object("Phối hợp với Bộ Khoa học và Công nghệ, các sở, ngành tham gia học tập trên nền tảng số"),
            "học tập trên nền tảng số"
        );
        // With no verb after the partner, the partner may be the object: kept.
        // "tổ chức" after an article is a noun, not the verb that would end the partner.
        assert_eq!(
            object("Phối hợp với các tổ chức quốc tế"),
            "với các tổ chức quốc tế"
        );
        assert_eq!(
            object("Phối hợp với các tổ chức quốc tế tổ chức hội thảo về dữ liệu"),
            "hội thảo về dữ liệu"
        );
        // "Phối hợp xây dựng …" has no partner.
        assert_eq!(
            object("Phối hợp xây dựng chương trình đô thị thông minh"),
            "chương trình đô thị thông minh"
        );
    }

    #[test]
    fn the_partner_is_not_scored() {
        assert_eq!(
            without_partner("Phối hợp với Bộ Xây dựng triển khai hoàn thiện dữ liệu dùng chung"),
            "Phối hợp triển khai hoàn thiện dữ liệu dùng chung"
        );
        // No partner, or one no verb follows: the text as it is.
        let kept = [
            "Phối hợp xây dựng chương trình",
            "Phối hợp với các tổ chức quốc tế",
        ];
        for text in kept {
            assert_eq!(without_partner(text), text);
        }
        // "Vận dụng" (apply) opens a task like "áp dụng".
        assert_eq!(
            object("Vận dụng và khai thác dữ liệu mở"),
            "khai thác dữ liệu mở"
        );
    }

    #[test]
    fn a_list_item_states_no_action() {
        assert!(opens_with_action(
            "Tăng cường cung cấp các dịch vụ công trực tuyến"
        ));
        assert!(opens_with_action("Phối hợp với Sở Nội vụ triển khai"));
        assert!(!opens_with_action("hệ thống thông tin địa lý"));
    }

    #[test]
    fn head_stops_before_what_the_object_is_for() {
        assert_eq!(
            head("Kết nối với mạng lưới chuyên gia, nhà khoa học quốc tế theo các lĩnh vực khoa học cơ bản"),
            "Kết nối với mạng lưới chuyên gia nhà khoa học quốc tế"
        );
        assert_eq!(
            head("Xây dựng Đề án chuyển đổi số cho các doanh nghiệp nhỏ và vừa"),
            "Đề án chuyển đổi số"
        );
        // "phục vụ", "đối với" end a head; "phục hồi", "đối tác" do not.
        assert_eq!(
            head("Xây dựng cơ sở dữ liệu phục vụ quản lý đất đai"),
            "cơ sở dữ liệu"
        );
        assert_eq!(
            head("Mở rộng quan hệ đối tác chiến lược"),
            "Mở rộng quan hệ đối tác chiến lược"
        );
        // "cho phép" (allow) is a verb, not "for".
        assert_eq!(
            head("Xây dựng cơ chế, chính sách cho phép doanh nghiệp đánh giá hiệu quả đầu tư nhằm thúc đẩy"),
            "cơ chế chính sách cho phép doanh nghiệp đánh giá hiệu quả đầu tư"
        );
        assert_eq!(
            head("Triển khai chính sách ưu đãi đối với doanh nghiệp"),
            "chính sách ưu đãi"
        );
    }

    #[test]
    fn documents_of_the_level_above_point_at_their_subject() {
        let clause = "Triển khai thực hiện có hiệu quả các văn bản của cấp trên về phát triển công nghệ và công nghiệp chiến lược";
        assert_eq!(
            pointed_subject(clause).as_deref(),
            Some("phát triển công nghệ và công nghiệp chiến lược")
        );
        assert_eq!(head(clause), "công nghệ và công nghiệp chiến lược");
        // A document named by its subject is an object of its own, not a pointer.
        assert_eq!(pointed_subject("Rà soát quy định về đầu tư công"), None);
        assert_eq!(pointed_subject("Số hóa văn bản lưu trữ"), None);
        // "cấp trên" is a noun: the head does not end at its "trên".
        assert_eq!(
            head("Thực hiện chế độ báo cáo cấp trên định kỳ"),
            "chế độ báo cáo cấp trên định kỳ"
        );
    }

    #[test]
    fn tasks_that_make_an_act() {
        assert!(makes_act(
            "Xây dựng Chương trình Quốc gia phát triển công nghệ và công nghiệp chiến lược"
        ));
        assert!(makes_act(
            "Xây dựng, trình Chính phủ ban hành Nghị định quy định chính sách học bổng"
        ));
        assert!(!makes_act("Xây dựng, trình Thủ tướng Chính phủ thành lập Quỹ Đầu tư phát triển công nghiệp chiến lược"));
        assert!(!makes_act("Xây dựng Trung tâm dữ liệu quốc gia"));
    }

    #[test]
    fn expert_fields_are_not_ministries() {
        assert!(terms("chuyên gia đầu ngành").contains(&"dau nganh".to_string()));
        assert!(terms("cơ sở dữ liệu chuyên ngành").contains(&"chuyen nganh".to_string()));
        assert!(terms("các bộ, ngành").iter().all(|w| w != "nganh"));
    }

    #[test]
    fn residual_keeps_what_is_unexplained() {
        let texts = ["đào tạo bồi dưỡng cán bộ", "phong trào học tập số", "x"];
        let c = Corpus::new(texts.iter().copied());
        let both = c.vector("đào tạo bồi dưỡng cán bộ và phong trào học tập số");
        let (rest, share) = both.residual(&c.vector("phong trào học tập số"));
        assert!(share > 0.3 && share < 0.9, "{share}");
        assert!(rest.cosine(&c.vector("đào tạo bồi dưỡng cán bộ")) > 0.95);
        let (_, none) = both.residual(&both);
        assert_eq!(none, 0.0);
    }
}
