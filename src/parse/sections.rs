//! The section tree. Levels are not fixed: a kind of numbering seen for the first time opens a
//! level below the current one, and one already open closes everything under it. That follows
//! any nesting a document uses (I. / 1. / a) / - / +, Party I- / 1. / -, Chương / Điều / 1.).
//! Skipped, repeated or out-of-order numbers keep their content and raise a warning.

use crate::layout::{Layout, Marker, MarkerKind};
use crate::model::{Section, SectionKind, Warning};
use std::collections::HashMap;

struct Open {
    key: MarkerKind,
    style: LabelStyle,
    section: Section,
    first: usize,
    last: usize,
    /// Last number seen among this section's children, per kind.
    child_numbers: HashMap<MarkerKind, (u32, String)>,
}

pub struct TreeBuilder<'a> {
    layout: &'a Layout,
    stack: Vec<Open>,
    roots: Vec<Section>,
    root_numbers: HashMap<MarkerKind, (u32, String)>,
    /// Điều and Chương run on through the whole document (NĐ 30/2020), across Phần and Chương;
    /// an attachment starts its own count.
    running_numbers: HashMap<MarkerKind, (u32, String)>,
    pub warnings: Vec<Warning>,
}

impl<'a> TreeBuilder<'a> {
    pub fn new(layout: &'a Layout) -> Self {
        TreeBuilder {
            layout,
            stack: Vec::new(),
            roots: Vec::new(),
            root_numbers: HashMap::new(),
            running_numbers: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Opens a section for a heading block (lines `first..=last`, `text` its joined text).
    pub fn heading(&mut self, marker: &Marker, text: &str, first: usize, last: usize) {
        let key = marker.kind;
        let style = LabelStyle::of(marker);
        if key == MarkerKind::Appendix {
            self.close_to(0);
            self.running_numbers.clear();
        } else if let Some(p) = self
            .stack
            .iter()
            .position(|o| o.key == key && o.style == style)
        {
            self.close_to(p);
        } else if !is_bullet(key) {
            // Dashes and pluses are the lowest level (NĐ 30/2020): a numbered heading after a
            // list of them ("cụ thể gồm: - … - …", then "1. …") closes the list, it does not
            // open under its last item.
            let depth = self
                .stack
                .iter()
                .rposition(|o| !is_bullet(o.key))
                .map_or(0, |p| p + 1);
            self.close_to(depth);
        }
        let rest = text.get(marker.rest..).unwrap_or("").trim();
        let (title, paragraph) = split_title(key, rest);
        let label = (!marker.label.is_empty()).then(|| marker.label.clone());
        self.check_number(key, &marker.label, first);
        let section = Section {
            label,
            kind: section_kind(key),
            title,
            paragraphs: paragraph.into_iter().collect(),
            children: Vec::new(),
            span: self.layout.span(first, last),
        };
        self.stack.push(Open {
            key,
            style,
            section,
            first,
            last,
            child_numbers: HashMap::new(),
        });
    }

    /// Adds a paragraph to the innermost open section; gives it back when none is open.
    pub fn paragraph(&mut self, text: String, last: usize) -> Result<(), String> {
        let Some(top) = self.stack.last_mut() else {
            return Err(text);
        };
        // "Phần thứ nhất" / "QUY ĐỊNH CHUNG": a capitalised line right under a Phần, Chương or
        // Mục heading that has none is its title.
        let titled_kind = matches!(
            top.key,
            MarkerKind::Part | MarkerKind::Chapter | MarkerKind::Section | MarkerKind::Article
        );
        let empty = top.section.title.is_none()
            && top.section.paragraphs.is_empty()
            && top.section.children.is_empty();
        if titled_kind && empty && crate::text::is_upper(&text) {
            top.section.title = Some(text);
        } else {
            top.section.paragraphs.push(text);
        }
        for o in &mut self.stack {
            o.last = o.last.max(last);
        }
        Ok(())
    }

    /// Sets the title of the innermost open section where it has none (an appendix caption).
    pub fn set_title_if_empty(&mut self, title: String) -> Result<(), String> {
        match self.stack.last_mut() {
            Some(top) if top.section.title.is_none() => {
                top.section.title = Some(title);
                Ok(())
            }
            _ => Err(title),
        }
    }

    /// The section tree, its warnings, and the text of the bullets that stand before the first
    /// numbered heading of a document that has one: a list in the opening text ("cụ thể gồm:
    /// - … - …"), which belongs to the preamble, not the tree.
    pub fn finish(mut self) -> (Vec<Section>, Vec<Warning>, Vec<String>) {
        self.close_to(0);
        let leading = self
            .roots
            .iter()
            .take_while(|s| matches!(s.kind, SectionKind::Dash | SectionKind::Plus))
            .count();
        let mut opening = Vec::new();
        if leading < self.roots.len() {
            for bullet in self.roots.drain(..leading) {
                bullet_text(&bullet, &mut opening);
            }
        }
        (self.roots, self.warnings, opening)
    }

    fn close_to(&mut self, depth: usize) {
        while self.stack.len() > depth {
            let open = self.stack.pop().unwrap();
            let mut section = open.section;
            section.span = self.layout.span(open.first, open.last);
            // A numbered heading with nothing under it is a clause, not a title.
            let clause_kind = matches!(
                open.key,
                MarkerKind::Arabic(_) | MarkerKind::Letter | MarkerKind::UpperLetter
            );
            if clause_kind && section.paragraphs.is_empty() && section.children.is_empty() {
                if let Some(title) = section.title.take() {
                    section.paragraphs.push(title);
                }
            }
            match self.stack.last_mut() {
                Some(parent) => {
                    parent.last = parent.last.max(open.last);
                    parent.section.children.push(section);
                }
                None => self.roots.push(section),
            }
        }
    }

    fn check_number(&mut self, key: MarkerKind, label: &str, first: usize) {
        let Some(value) = number_value(key, label) else {
            return;
        };
        let numbers = match self.stack.last_mut() {
            _ if matches!(key, MarkerKind::Article | MarkerKind::Chapter) => {
                &mut self.running_numbers
            }
            Some(parent) => &mut parent.child_numbers,
            None => &mut self.root_numbers,
        };
        let previous = numbers.insert(key, (value, label.to_string()));
        let expected = previous.as_ref().map(|(v, _)| v + 1).unwrap_or(1);
        if value == expected {
            return;
        }
        let span = Some(self.layout.span(first, first));
        let (code, message) = match &previous {
            Some((v, _)) if *v == value => (
                "numbering_repeat",
                format!("heading \"{label}\" repeats the number of the one before"),
            ),
            Some((v, prev)) if *v > value => (
                "numbering_order",
                format!("heading \"{label}\" comes after \"{prev}\""),
            ),
            Some((_, prev)) => (
                "numbering_skip",
                format!("heading \"{label}\" follows \"{prev}\": a number is skipped"),
            ),
            None => (
                "numbering_skip",
                format!("first heading of its level is \"{label}\", not the first number"),
            ),
        };
        self.warnings.push(Warning::new(code, message, span));
    }
}

/// How a Phần or Chương is numbered. A document that numbers its parts in words ("Phần thứ
/// hai") and numbers parts within them in figures ("Phần I", "Phần 1": a project appended as a
/// part) uses two levels of Phần; other kinds keep one level whatever their labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelStyle {
    Words,
    Figures,
    Any,
}

impl LabelStyle {
    fn of(marker: &Marker) -> LabelStyle {
        if !matches!(marker.kind, MarkerKind::Part | MarkerKind::Chapter) {
            LabelStyle::Any
        } else if marker.label.contains(char::is_whitespace) {
            LabelStyle::Words
        } else {
            LabelStyle::Figures
        }
    }
}

pub(super) fn is_bullet(key: MarkerKind) -> bool {
    matches!(key, MarkerKind::Dash | MarkerKind::Plus)
}

/// A bullet's text as the paragraphs it was printed as: "- title", its paragraphs, its children.
fn bullet_text(bullet: &Section, out: &mut Vec<String>) {
    let mark = if bullet.kind == SectionKind::Plus {
        "+"
    } else {
        "-"
    };
    let mut texts = bullet.title.iter().chain(&bullet.paragraphs);
    if let Some(first) = texts.next() {
        out.push(format!("{mark} {first}"));
    }
    out.extend(texts.cloned());
    for child in &bullet.children {
        bullet_text(child, out);
    }
}

fn section_kind(key: MarkerKind) -> SectionKind {
    match key {
        MarkerKind::Appendix => SectionKind::Appendix,
        MarkerKind::Part => SectionKind::Part,
        MarkerKind::Chapter => SectionKind::Chapter,
        MarkerKind::Section => SectionKind::Section,
        MarkerKind::Article => SectionKind::Article,
        MarkerKind::Roman => SectionKind::Roman,
        MarkerKind::UpperLetter => SectionKind::UpperLetter,
        MarkerKind::Arabic(_) => SectionKind::Arabic,
        MarkerKind::Letter => SectionKind::Letter,
        MarkerKind::Dash => SectionKind::Dash,
        MarkerKind::Plus => SectionKind::Plus,
    }
}

/// Vietnamese alphabetical order of điểm letters: đ after d, no f, j, w, z.
const LETTERS: &str = "abcdđeghiklmnopqrstuvxy";

/// The ordinal a label stands for, if the kind is numbered.
pub fn number_value(key: MarkerKind, label: &str) -> Option<u32> {
    use crate::layout::roman_value as roman;
    let letter = |l: &str| {
        let lower = l.to_lowercase();
        LETTERS
            .chars()
            .position(|c| c.to_string() == lower)
            .map(|p| p as u32 + 1)
    };
    let arabic = |l: &str| {
        l.trim_end_matches(|c: char| c.is_ascii_lowercase())
            .parse::<u32>()
            .ok()
    };
    match key {
        MarkerKind::Dash | MarkerKind::Plus => None,
        MarkerKind::Letter | MarkerKind::UpperLetter => letter(label),
        MarkerKind::Arabic(_) => label.rsplit('.').next().and_then(arabic),
        MarkerKind::Roman => roman(label),
        MarkerKind::Part | MarkerKind::Chapter | MarkerKind::Appendix => roman(label)
            .or_else(|| arabic(label))
            .or_else(|| ordinal_word(label))
            .or_else(|| {
                (label.chars().count() == 1)
                    .then(|| letter(label))
                    .flatten()
            }),
        MarkerKind::Section | MarkerKind::Article => arabic(label),
    }
}

/// "thứ nhất" → 1 … "thứ mười" → 10.
fn ordinal_word(label: &str) -> Option<u32> {
    const WORDS: [&str; 10] = [
        "nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi",
    ];
    let f = crate::text::fold(label);
    let word = f.strip_prefix("thu ")?.trim();
    WORDS.iter().position(|w| *w == word).map(|p| p as u32 + 1)
}

/// Splits a heading's text into title and content. Bullets carry content only. A numbered
/// heading's text is its title unless it reads as a sentence (ends with "." or ";", or is very
/// long); "Sở Tài chính: trên cơ sở …" is title "Sở Tài chính" and content "trên cơ sở …".
pub fn split_title(key: MarkerKind, rest: &str) -> (Option<String>, Option<String>) {
    if rest.is_empty() {
        return (None, None);
    }
    if matches!(key, MarkerKind::Dash | MarkerKind::Plus) {
        return (None, Some(rest.to_string()));
    }
    let core = rest.trim_end_matches(['”', '"', ')']);
    let sentence = core.ends_with(['.', ';']) || rest.chars().count() > 300;
    if !sentence {
        let title = rest.trim_end_matches(':').trim_end().to_string();
        return (Some(title), None);
    }
    if let Some(colon) = rest.find(':') {
        let head = &rest[..colon];
        let tail = rest[colon + 1..].trim();
        if head.chars().count() <= 80 && !head.contains(['.', ';', ',']) && !tail.is_empty() {
            return (Some(head.trim().to_string()), Some(tail.to_string()));
        }
    }
    (None, Some(rest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        use MarkerKind::*;
        assert_eq!(
            split_title(Arabic(1), "Mục đích"),
            (Some("Mục đích".into()), None)
        );
        assert_eq!(
            split_title(Arabic(1), "Phòng Quản trị - Tài vụ:"),
            (Some("Phòng Quản trị - Tài vụ".into()), None)
        );
        assert_eq!(
            split_title(
                Arabic(1),
                "Sở Tài chính: trên cơ sở kinh phí do Trung ương cấp."
            ),
            (
                Some("Sở Tài chính".into()),
                Some("trên cơ sở kinh phí do Trung ương cấp.".into())
            )
        );
        assert_eq!(
            split_title(Letter, "Rà soát, sửa đổi quy định."),
            (None, Some("Rà soát, sửa đổi quy định.".into()))
        );
        assert_eq!(
            split_title(Dash, "Tiếp tục"),
            (None, Some("Tiếp tục".into()))
        );
    }

    #[test]
    fn numbers() {
        use MarkerKind::*;
        assert_eq!(number_value(Letter, "đ"), Some(5));
        assert_eq!(number_value(Letter, "e"), Some(6));
        assert_eq!(number_value(Letter, "g"), Some(7));
        assert_eq!(number_value(Roman, "IV"), Some(4));
        assert_eq!(number_value(Arabic(2), "2.3"), Some(3));
        assert_eq!(number_value(Part, "thứ hai"), Some(2));
        assert_eq!(number_value(Appendix, "2"), Some(2));
        assert_eq!(number_value(Article, "3a"), Some(3));
    }
}
