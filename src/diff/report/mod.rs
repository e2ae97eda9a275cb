//! The diff as analysts read it: Markdown, one self-contained HTML page, and an Excel workbook,
//! in Vietnamese or English. All three render the same `View`.

mod html;
mod labels;
mod markdown;
mod view;
mod xlsx;

use super::DiffReport;

/// The language of a report's labels (the documents' own text is never translated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese, the default: the analysts' language.
    #[default]
    Vi,
    /// English.
    En,
}

fn labels(lang: Lang) -> &'static labels::Labels {
    match lang {
        Lang::Vi => &labels::VI,
        Lang::En => &labels::EN,
    }
}

/// The report as Markdown: summary, legend, one table per heading, each match with both
/// sides' agencies and deadlines.
pub fn render_markdown(r: &DiffReport, lang: Lang) -> String {
    markdown::render(&view::View::new(r, labels(lang)))
}

/// The report as one self-contained HTML page (no network), with filters.
pub fn render_html(r: &DiffReport, lang: Lang) -> String {
    html::render(&view::View::new(r, labels(lang)))
}

/// The workbook's bytes; an error only if the writer fails (it writes to memory).
pub fn render_xlsx(r: &DiffReport, lang: Lang) -> Result<Vec<u8>, String> {
    xlsx::render(r, &view::View::new(r, labels(lang))).map_err(|e| e.to_string())
}
