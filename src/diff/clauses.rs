//! A task's clauses: provincial plans written as prose put several central tasks in one bullet
//! ("… chương trình đào tạo, bồi dưỡng …; phong trào học tập số …. Cung cấp miễn phí kiến
//! thức …"), and central tasks list their parts ("(i) …; (ii) …", "- …"). Each clause is
//! aligned on its own.

/// Clauses shorter than this many words are kept with their neighbours' alignment only
/// through the whole text ("v.v.", a stray "TP.").
pub const MIN_WORDS_OTHER: usize = 4;
/// A part of a central task is aligned on its own only from this length.
pub const MIN_WORDS_BASE: usize = 6;

/// Where a clause ends: ";", a sentence end (". " before a capital), ", đồng thời",
/// an enumeration mark "(i)", "(ii)", and a listed part " - Sửa đổi …".
fn boundaries(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cuts = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let next = |d: usize| chars.get(k + d).map(|&(_, c)| c);
        let end = at + c.len_utf8();
        match c {
            ';' => cuts.push((at, end)),
            '.' if next(1).is_some_and(char::is_whitespace)
                && next(2).is_some_and(char::is_uppercase) =>
            {
                cuts.push((at, end))
            }
            ',' if text[end..].trim_start().starts_with("đồng thời") => cuts.push((at, end)),
            '(' => {
                if let Some(close) = roman_mark(&text[end..]) {
                    cuts.push((at, end + close));
                }
            }
            // "- Sửa đổi …" lists a part; "kinh tế - xã hội" is one noun.
            '-' if k > 0
                && chars[k - 1].1.is_whitespace()
                && next(1).is_some_and(char::is_whitespace)
                && next(2).is_some_and(char::is_uppercase) =>
            {
                cuts.push((at, end))
            }
            _ => {}
        }
    }
    cuts
}

/// The length of "i)", "iv)" after an opening parenthesis.
fn roman_mark(rest: &str) -> Option<usize> {
    let inner: String = rest.chars().take_while(|c| *c != ')').collect();
    let ok = !inner.is_empty()
        && inner.len() <= 4
        && inner.trim().chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    ok.then(|| inner.len() + 1)
}

/// The clauses of `text` with at least `min_words` words; none when it has fewer than two.
pub fn clauses(text: &str, min_words: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut push = |piece: &str| {
        let piece = piece.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':'));
        let piece = piece.strip_prefix("đồng thời").unwrap_or(piece).trim();
        if piece.split_whitespace().count() >= min_words {
            out.push(piece.to_string());
        }
    };
    for (start, end) in boundaries(text) {
        push(&text[from..start]);
        from = end;
    }
    push(&text[from..]);
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// Verbs that, after a comma, start another action on a task's list ("Xây dựng cơ sở dữ liệu
/// về chuyên gia …, tiếp cận, phát huy, kết nối hiệu quả và phát triển mạng lưới chuyên gia …").
const LISTED_ACTIONS: [&str; 16] = [
    "xây dựng",
    "triển khai",
    "tổ chức",
    "thực hiện",
    "phát triển",
    "nâng cao",
    "kết nối",
    "tiếp cận",
    "phát huy",
    "đẩy mạnh",
    "tăng cường",
    "hoàn thiện",
    "ứng dụng",
    "hỗ trợ",
    "thúc đẩy",
    "củng cố",
];

/// A central task's listed actions: its text cut before each comma that a verb of
/// `LISTED_ACTIONS` follows, the pieces with at least `min_words` words; none when it lists
/// fewer than two. Verbs alone ("tiếp cận, phát huy, kết nối …") share the next piece's object
/// and are left to the whole text.
pub fn listed_actions(text: &str, min_words: usize) -> Vec<String> {
    actions_after_commas(text, min_words, &LISTED_ACTIONS)
}

/// Verbs that, after a comma in a bullet of prose, start another action: those of
/// `LISTED_ACTIONS` that rarely say what an action is for. A bullet copies the programme's
/// sentences, where "…, phổ cập, nâng cao kiến thức …", "…, hỗ trợ phân tích …", "…, ứng dụng
/// trí tuệ nhân tạo …" go on with the same action or name a thing.
const BULLET_ACTIONS: [&str; 10] = [
    "xây dựng",
    "triển khai",
    "tổ chức",
    "thực hiện",
    "kết nối",
    "đẩy mạnh",
    "tăng cường",
    "hoàn thiện",
    "thúc đẩy",
    "củng cố",
];

/// A bullet's listed actions, as `listed_actions` finds a central task's, with the verbs of
/// `BULLET_ACTIONS`.
pub fn bullet_actions(text: &str, min_words: usize) -> Vec<String> {
    actions_after_commas(text, min_words, &BULLET_ACTIONS)
}

fn actions_after_commas(text: &str, min_words: usize, verbs: &[&str]) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut cuts: Vec<usize> = lower
        .match_indices(',')
        .filter(|&(at, _)| {
            let rest = lower[at + 1..].trim_start();
            verbs.iter().any(|v| {
                rest.starts_with(v) && !rest[v.len()..].starts_with(|c: char| c.is_alphanumeric())
            })
        })
        .map(|(at, _)| at)
        .collect();
    if cuts.is_empty() {
        return Vec::new();
    }
    cuts.push(text.len());
    let mut from = 0;
    let mut out = Vec::new();
    for cut in cuts {
        let piece = text[from..cut]
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':'));
        if piece.split_whitespace().count() >= min_words {
            out.push(piece.to_string());
        }
        from = cut + 1;
    }
    out
}

/// Words that open a list of objects after its action ("triển khai các cơ sở dữ liệu …").
const LIST_OPENERS: [&str; 2] = ["các", "những"];

/// A clause's action applied to each object it lists: "khai thác các cơ sở dữ liệu chuyên
/// ngành, dữ liệu dùng chung, dữ liệu mở" names three things a plan may take up from three
/// near-identical central tasks. A list is two or more items after commas that open with the
/// same two words, which the text before the first comma also holds ("dữ liệu"); the action
/// is that text up to its last "các"/"những". None when no such list is found.
pub fn listed_objects(text: &str) -> Vec<String> {
    let segments: Vec<&str> = text.split(',').map(str::trim).collect();
    for start in 0..segments.len() {
        let Some(action) = action_before_list(segments[start]) else {
            continue;
        };
        let first = &segments[start][action.len()..];
        let first_lower = first.to_lowercase();
        let Some(noun) = first_pair_shared(&segments[start + 1..], &first_lower) else {
            continue;
        };
        let items: Vec<&str> = segments[start + 1..]
            .iter()
            .take_while(|s| s.to_lowercase().starts_with(&noun))
            .copied()
            .collect();
        if items.len() < 2 {
            continue;
        }
        let action = action.trim();
        return std::iter::once(first.trim())
            .chain(items)
            .map(|item| format!("{action} {item}"))
            .collect();
    }
    Vec::new()
}

/// The text of a segment before its last list opener, when it has one after a first word.
fn action_before_list(segment: &str) -> Option<&str> {
    let lower = segment.to_lowercase();
    // (offsets found in the lowercase text cut the segment only where both have the same
    // bytes: a few letters, "İ", change length when lowered)
    if lower.len() != segment.len() {
        return None;
    }
    LIST_OPENERS
        .iter()
        .filter_map(|w| {
            lower
                .rmatch_indices(&format!(" {w} "))
                .map(|(at, _)| at)
                .next()
        })
        .max()
        .map(|at| &segment[..at + 1])
}

/// The first two words of the next segment, when the first item holds them too.
fn first_pair_shared(rest: &[&str], first_lower: &str) -> Option<String> {
    let next = rest.first()?.to_lowercase();
    let pair: Vec<&str> = next.split_whitespace().take(2).collect();
    if pair.len() < 2 {
        return None;
    }
    let pair = pair.join(" ");
    first_lower.contains(&pair).then_some(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_listing_actions_has_a_part_for_each() {
        let task = "Xây dựng cơ sở dữ liệu về chuyên gia, trí thức Việt Nam ở nước ngoài, tiếp cận, phát huy, kết nối hiệu quả và phát triển mạng lưới chuyên gia, nhà khoa học trong và ngoài nước";
        assert_eq!(
            listed_actions(task, MIN_WORDS_BASE),
            [
                "Xây dựng cơ sở dữ liệu về chuyên gia, trí thức Việt Nam ở nước ngoài",
                "kết nối hiệu quả và phát triển mạng lưới chuyên gia, nhà khoa học trong và ngoài nước"
            ]
        );
        // A comma before a noun ("đào tạo, bồi dưỡng", "chuyên gia, trí thức") is no cut, nor
        // a verb's first syllable inside a longer word ("phát triển" ≠ "phát triển" + letters).
        assert!(listed_actions(
            "Xây dựng chương trình đào tạo, bồi dưỡng cán bộ, công chức",
            6
        )
        .is_empty());
    }

    #[test]
    fn a_bullet_lists_fewer_kinds_of_action() {
        // Sở Xây dựng An Giang's plan: a second action after a comma is a piece of its own.
        let clause = "triển khai đấu tranh phòng chống tội phạm lĩnh vực chuyển đổi số, chống lừa đảo trực tuyến, chú trọng xây dựng, củng cố các lực lượng nòng cốt về an toàn, an ninh mạng";
        let pieces = bullet_actions(clause, MIN_WORDS_BASE);
        assert_eq!(
            pieces.last().map(String::as_str),
            Some("củng cố các lực lượng nòng cốt về an toàn, an ninh mạng")
        );
        // "…, phổ cập, nâng cao kiến thức …" goes on with the same movement; a central task's
        // list would cut it, a bullet's does not.
        let movement = "phát động phong trào học tập trên các nền tảng số thường xuyên, liên tục, phổ cập, nâng cao kiến thức về kỹ năng số cho cán bộ";
        assert!(bullet_actions(movement, MIN_WORDS_BASE).is_empty());
        assert!(!listed_actions(movement, MIN_WORDS_BASE).is_empty());
    }

    #[test]
    fn splits_at_semicolons_sentences_and_enumerations() {
        let bullet = "Xây dựng và tổ chức thực hiện chương trình đào tạo, bồi dưỡng cho cán bộ; phát động phong trào học tập số thường xuyên. Cung cấp miễn phí kiến thức cho người dân.";
        assert_eq!(
            clauses(bullet, MIN_WORDS_OTHER),
            [
                "Xây dựng và tổ chức thực hiện chương trình đào tạo, bồi dưỡng cho cán bộ",
                "phát động phong trào học tập số thường xuyên",
                "Cung cấp miễn phí kiến thức cho người dân"
            ]
        );
        let task = "Sửa đổi Luật để (i) Tháo gỡ các khó khăn, vướng mắc về thủ tục; (ii) Tập trung nguồn lực đầu tư từ ngân sách nhà nước - Sửa đổi một số quy định trong Luật Viên chức";
        let parts = clauses(task, MIN_WORDS_BASE);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert!(parts[1].starts_with("Tập trung nguồn lực"));
    }

    #[test]
    fn one_clause_is_no_split() {
        assert!(clauses("Xây dựng Chương trình phát triển kinh tế số", 4).is_empty());
        // "2025-2030", "tài chính ... để": no boundary inside.
        assert!(clauses(
            "Triển khai giai đoạn 2025-2030 cơ chế tài chính ... để thu hút",
            4
        )
        .is_empty());
    }

    #[test]
    fn dong_thoi_starts_a_clause() {
        let parts = clauses(
            "Xây dựng văn hóa số cộng đồng, đồng thời giữ gìn bản sắc dân tộc trên môi trường số",
            4,
        );
        assert_eq!(parts[1], "giữ gìn bản sắc dân tộc trên môi trường số");
    }
    #[test]
    fn a_list_of_objects_shares_its_action() {
        let clause = "Vận dụng và khai thác các cơ sở dữ liệu (CSDL) chuyên ngành, dữ liệu dùng chung, dữ liệu mở, kết nối, chia sẻ phù hợp để tạo ra giá trị";
        assert_eq!(
            listed_objects(clause),
            [
                "Vận dụng và khai thác các cơ sở dữ liệu (CSDL) chuyên ngành",
                "Vận dụng và khai thác dữ liệu dùng chung",
                "Vận dụng và khai thác dữ liệu mở"
            ]
        );
        // Items that do not repeat the first item's noun are no list of objects.
        assert!(
            listed_objects("Xây dựng chương trình đào tạo, bồi dưỡng cán bộ, công chức").is_empty()
        );
        // A letter that changes length when lowered cuts no char in two.
        assert!(listed_objects("İİ các dữ liệu a, dữ liệu b, dữ liệu c").is_empty());
    }
}
