//! parse: the document's parts by NĐ 30/2020 conventions. The layout's lines fall into zones:
//! header (above the type line), title, body (legal bases, preamble, section tree, closing
//! sentence), closing block (recipients, signature), and attachments (PHỤ LỤC, or an attached
//! programme with its "(Kèm theo …)" caption).

mod closing;
mod header;
mod known_names;
mod prose;
mod sections;
mod signatures;
mod table_blocks;
pub mod tables;

pub use closing::is_person_name;
pub use header::match_type;

use crate::layout::{
    is_authority_line, is_block_start, join_text, split_marker, BlockKind, Layout, Marker,
    MarkerKind, StampKind,
};
use crate::model::*;
use crate::normalize::{dates, symbols};
use crate::text::{collapse_ws, fold, fold_eq, is_upper};
use sections::TreeBuilder;
use table_blocks::TableReader;

/// How many lines from the top the type line ("KẾ HOẠCH") may stand.
const HEADER_WINDOW: usize = 40;

pub fn parse(layout: &Layout, source: Source) -> Document {
    let lines = &layout.lines;
    let n = lines.len();
    let mut info = DocumentInfo::default();
    let mut warnings: Vec<Warning> = layout.warnings.clone();
    let mut preamble = Vec::new();
    let span = |a: usize, b: usize| layout.span(a, b);

    // A file that opens with an appendix's caption ("Phụ lục I", "Bảng 2") is an attachment of
    // another document: no header of its own; its title is the caption's.
    let attachment_file = n > 0 && is_attachment_caption(&lines[0].text);
    // Header zone and type line.
    let type_at = (0..n.min(HEADER_WINDOW))
        .take_while(|&i| {
            let t = &lines[i].text;
            !attachment_file && (!starts_body(t) || header::is_ocr_type_line(t))
        })
        .find(|&i| !header::is_banner(&lines[i].text) && match_type(&lines[i].text).is_some());
    // A web copy, or a pre-Unicode file whose capitals font was lost, may print the type in
    // ordinary case on a line of its own ("Nghị định"), or in capitals before a lowercase
    // "của …" ("QUYẾT ĐỊNH của ỦY BAN …").
    let type_at = type_at.or_else(|| {
        (0..n.min(HEADER_WINDOW))
            .take_while(|&i| !attachment_file && !starts_body(&lines[i].text))
            .find(|&i| {
                let t = lines[i].text.trim();
                let capital = t.starts_with(char::is_uppercase);
                !header::is_banner(t)
                    && (capital && header::is_type_line_any_case(t)
                        || header::match_type_before_lowercase(t).is_some())
            })
    });
    let header_end = if attachment_file {
        0
    } else {
        type_at.unwrap_or_else(|| header_zone_end(layout))
    };
    let head = header::read(&lines[..header_end], 0);
    let (issuer_name, issuer_parent) = header::issuer(&head.issuer_lines);
    let mut provenance = Vec::new();
    if let Some(name) = issuer_name {
        let at = head.issuer_lines.last().map(|l| l.1).unwrap_or(0);
        info.issuer.name = Some(name);
        info.issuer.parent = issuer_parent;
        provenance.push(prov("issuer", "header", span(head.issuer_lines[0].1, at)));
    }
    if let Some((num, at)) = &head.number {
        info.number = Some(num.clone());
        provenance.push(prov("number", "header", span(*at, *at)));
    }
    info.symbol = head.symbol.clone();
    if let Some((place, at)) = &head.place {
        info.place = Some(place.clone());
        provenance.push(prov("place", "header", span(*at, *at)));
    }
    if let Some((date, at)) = &head.date {
        info.date = Some(date.clone());
        provenance.push(prov("date", "header", span(*at, *at)));
    }
    // An incoming-mail stamp's number and date are the receiver's: kept as a warning.
    for stamp in layout
        .stamps
        .iter()
        .filter(|s| s.kind == StampKind::Incoming)
    {
        let text: Vec<String> = stamp.lines.iter().map(|l| collapse_ws(&l.text)).collect();
        warnings.push(Warning::new(
            "incoming_mail_stamp",
            format!(
                "a receiving office's stamp, not this document's number or date: \"{}\"",
                text.join(" / ")
            ),
            stamp.lines.first().map(span_of_line),
        ));
    }
    // E-office stamps: the number and day a stamp prints where the header has none.
    let signature_stamps: Vec<&crate::layout::Stamp> = layout
        .stamps
        .iter()
        .filter(|s| s.kind == StampKind::Signature)
        .collect();
    let stamps: Vec<signatures::StampFacts> = signature_stamps
        .iter()
        .map(|s| signatures::read_stamp(s))
        .collect();
    for (stamp, facts) in signature_stamps.iter().zip(&stamps) {
        let at = stamp.lines.first().map(span_of_line);
        if info.number.is_none() {
            if let (Some(number), Some(at)) = (&facts.number, at) {
                info.number = Some(number.clone());
                if info.symbol.is_none() {
                    info.symbol = number.split_once(['/', '-']).map(|x| x.1.to_string());
                }
                provenance.push(prov("number", "signature_stamp", at));
                if info.date.is_none() {
                    if let Some(date) = &facts.date {
                        info.date = Some(date.clone());
                        provenance.push(prov("date", "signature_stamp", at));
                    }
                }
            }
        }
    }
    // The file's digital signatures, then the stamps none of them prints (a stamp shows the
    // e-mail and time of its signature).
    info.signatures = layout.signatures.clone();
    for stamp in stamps.into_iter().map(|f| f.signature) {
        let printed = info.signatures.iter().any(|c| {
            c.email.is_some() && c.email == stamp.email || c.time.is_some() && c.time == stamp.time
        });
        if !printed {
            info.signatures.push(stamp);
        }
    }
    // A day the scan's OCR could not read (handwritten, under a stamp): the day of the
    // document's signature when it falls in the month and year the header prints.
    if head.day_unread {
        if let Some(date) = info.date.clone().filter(|d| d.len() == 7) {
            let signed = info.signatures.iter().find_map(|s| {
                let day = s.time.as_deref()?.get(..10)?;
                day.starts_with(&format!("{date}-"))
                    .then(|| day.to_string())
            });
            if let Some(day) = signed {
                warnings.push(Warning::new(
                    "date_from_signature",
                    format!("the header's day could not be read; {day} is the day the document was signed"),
                    head.date.as_ref().map(|(_, at)| span(*at, *at)),
                ));
                info.date = Some(day);
            }
        }
        if let Some((_, at)) = head
            .date
            .as_ref()
            .filter(|_| info.date.as_deref().is_some_and(|d| d.len() < 10))
        {
            warnings.push(Warning::new(
                "date_day_unread",
                format!(
                    "the header's day could not be read (handwritten or stamped?): \"{}\"",
                    collapse_ws(&lines[*at].text)
                ),
                Some(span(*at, *at)),
            ));
        }
    }
    for (text, at) in &head.unknown {
        warnings.push(Warning::new(
            "header_unrecognized",
            format!("header line kept in the preamble: \"{text}\""),
            Some(span(*at, *at)),
        ));
        preamble.push(text.clone());
    }

    // Type and title.
    let mut body_start = header_end;
    if let Some(t) = type_at {
        let (printed, code, rest) = match_type(&lines[t].text)
            .or_else(|| match_type(&lines[t].text.to_uppercase()))
            .unwrap();
        info.doc_type = Some(printed);
        info.type_code = code.map(str::to_string);
        provenance.push(prov("type", "header", span(t, t)));
        let (title, end) = read_title(layout, t, rest);
        if let Some(title) = title {
            info.title = Some(title);
            provenance.push(prov(
                "title",
                "header",
                span(t + 1, end.max(t + 1).min(n - 1)),
            ));
        }
        body_start = end + 1;
    } else if let Some((subject, at)) = &head.subject {
        info.doc_type = Some("CÔNG VĂN".into());
        info.title = Some(subject.clone());
        provenance.push(prov("title", "header", span(*at, *at)));
    }
    // Web copies of older texts print number and date in the title: "NGHỊ ĐỊNH / CỦA CHÍNH PHỦ
    // SỐ 29/1998/NĐ-CP NGÀY 11 THÁNG 5 NĂM 1998 / VỀ VIỆC …" (the title opens with "của" its
    // issuer, and the symbol is of the document's own type; a title that cites another
    // document's number does not).
    if let (Some(title), Some(t)) = (info.title.clone(), type_at) {
        let f = fold(&title);
        if info.number.is_none() && f.starts_with("cua ") {
            if let Some(pos) = f.find(" so ") {
                let after =
                    &title[crate::text::byte_offset(&title, f[..pos].chars().count() + 4)..];
                let own = |s: &symbols::Symbol| {
                    s.start == 0 && s.type_code.is_some() && s.type_code == info.type_code
                };
                if let Some(sym) = symbols::find_symbols(after).into_iter().next().filter(own) {
                    info.number = Some(after[sym.start..sym.end].split_whitespace().collect());
                    info.symbol = sym
                        .canonical
                        .split_once(['/', '-'])
                        .map(|x| x.1.to_string());
                    provenance.push(prov("number", "title", span(t, t + 1)));
                    if info.date.is_none() {
                        if let Some(d) =
                            dates::find_date(&after[sym.end..]).filter(|d| d.start < 12)
                        {
                            info.date = Some(d.iso);
                            provenance.push(prov("date", "title", span(t, t + 1)));
                        }
                    }
                }
            }
        }
    }
    strip_issuer_and_number(&mut info, &mut provenance, type_at.map(|t| span(t, t + 1)));
    if attachment_file && info.title.is_none() {
        let caption: Vec<String> = (1..n.min(6))
            .take_while(|&i| {
                let t = lines[i].text.trim();
                is_upper(t) && split_marker(t).is_none()
            })
            .map(|i| collapse_ws(&lines[i].text))
            .collect();
        if !caption.is_empty() {
            info.title = Some(caption.join(" "));
            provenance.push(prov("title", "appendix_caption", span(1, caption.len())));
        }
    }
    if info.type_code.is_none() {
        if let Some(code) = info
            .symbol
            .as_deref()
            .and_then(|s| s.split(['-', '/']).next())
        {
            if symbols::is_type_code(code) {
                info.type_code = Some(code.to_string());
            }
        }
    }
    let body_start = body_start.min(n);

    // Closing block and attachments.
    let closing_start = (body_start..n)
        .find(|&i| is_closing_start(layout, i))
        .map(|c| with_position_above(layout, body_start, c))
        .or_else(|| trailing_signature(layout, body_start));
    let attachments =
        find_attachments(layout, closing_start.unwrap_or(body_start), attachment_file);
    let body_end = closing_start
        .or_else(|| attachments.first().copied())
        .unwrap_or(n);
    let closing_end = attachments.first().copied().unwrap_or(n);

    // Body.
    let mut tree = TreeBuilder::new(layout);
    let mut legal_bases = Vec::new();
    let mut closing_paragraphs = Vec::new();
    let mut enacting: Option<(String, usize, usize)> = None;
    let mut in_closing_sentence = false;
    let mut addressees: Vec<String> = Vec::new();
    let mut in_addressees = false;
    let mut issuing_captions: Vec<(String, usize)> = Vec::new();
    let mut reader = TableReader::new(layout);
    // Tables in the header zone (rare: a header drawn as a ruled table) are kept as tables.
    for g in grids_in(layout, 0, body_start) {
        reader.grid(g);
    }
    let items = blocks_in(layout, body_start, body_end, body_start);
    let contents = table_of_contents(&items).unwrap_or_default();
    for (at, item) in items.into_iter().enumerate() {
        let (kind, text, first, last) = match item {
            Item::Grid(g) => {
                reader.grid(g);
                continue;
            }
            Item::Block(kind, text, first, last) => (kind, text, first, last),
        };
        if contents.contains(&at) {
            preamble.push(text);
            continue;
        }
        if kind == BlockKind::Table {
            if !reader.text_table(first, last) {
                if let Err(t) = tree.paragraph(text, last) {
                    preamble.push(t);
                }
            }
            continue;
        }
        if in_closing_sentence || crate::text::fold_starts_with(&text, "tren day la ") {
            in_closing_sentence = true;
            closing_paragraphs.push((text, first, last));
            continue;
        }
        let marker = split_marker(&text);
        if !tree.is_open() {
            // "Kính gửi: …" (ô 9a), or a công điện's "VĂN PHÒNG CHÍNH PHỦ điện:", and the dash
            // list under it name the addressees.
            if crate::text::fold_starts_with(&text, "kinh gui") || is_telegram_label(&text) {
                let rest = text.split_once(':').map(|x| x.1).unwrap_or("");
                addressees.extend(split_addressees(rest));
                in_addressees = true;
                continue;
            }
            if in_addressees {
                if let Some(m) = marker.as_ref().filter(|m| m.kind == MarkerKind::Dash) {
                    addressees.extend(split_addressees(&text[m.rest..]));
                    continue;
                }
                in_addressees = false;
            }
            // "(Ban hành kèm theo Quyết định số … ngày … của …)" under a regulation's title.
            if crate::text::fold_starts_with(&text, "(ban hanh kem theo")
                || crate::text::fold_starts_with(&text, "(kem theo")
            {
                issuing_captions.push((text.clone(), first));
                preamble.push(text);
                continue;
            }
            let basis_text = match &marker {
                Some(m) if matches!(m.kind, MarkerKind::Dash | MarkerKind::Plus) => &text[m.rest..],
                Some(_) => "",
                None => text.as_str(),
            };
            if is_basis(basis_text) {
                let (basis, formula) = split_enacting(basis_text);
                legal_bases.push(LegalBasis {
                    text: basis.to_string(),
                    refs: Vec::new(),
                    span: span(first, last),
                });
                if let Some(f) = formula {
                    enacting.get_or_insert((f.to_string(), first, last));
                    preamble.push(f.to_string());
                }
                continue;
            }
        }
        match marker {
            Some(m) => tree.heading(&m, &text, first, last),
            None => {
                if let Err(t) = tree.paragraph(text, last) {
                    if enacting.is_none() && enacting_subject(&t).is_some() {
                        enacting = Some((t.clone(), first, last));
                    }
                    preamble.push(t);
                }
            }
        }
    }

    // Closing block.
    let closing_lines: Vec<(String, usize)> = closing_start
        .map(|c| {
            (c..closing_end)
                .map(|i| (lines[i].text.clone(), i))
                .collect()
        })
        .unwrap_or_default();
    let closing = closing::read(&closing_lines);
    if let Some(c) = closing_start {
        for g in grids_in(layout, c, closing_end) {
            reader.grid(g);
        }
    }
    info.recipients = addressees;
    info.recipients.extend(closing.recipients);
    info.signer = closing.signer;
    if let (Some(&a), Some(&b)) = (closing.signer_lines.first(), closing.signer_lines.last()) {
        provenance.push(prov("signer", "signature", span(a, b)));
    }
    if info.signer.name.is_none()
        && (info.signer.position.is_some() || !info.signer.authorities.is_empty())
    {
        warnings.push(Warning::new(
            "signer_name_missing",
            "the signature block names no signer",
            closing_start.map(|c| span(c, closing_end.max(c + 1) - 1)),
        ));
    }
    let mut closing_texts: Vec<String> = closing_paragraphs.iter().map(|p| p.0.clone()).collect();
    for (text, at) in closing.unknown {
        warnings.push(Warning::new(
            "closing_unrecognized",
            format!("line of the closing block kept in `closing`: \"{text}\""),
            Some(span(at, at)),
        ));
        closing_texts.push(text);
    }

    // Attachments.
    let mut captions = Vec::new();
    for (k, &a) in attachments.iter().enumerate() {
        let end = attachments.get(k + 1).copied().unwrap_or(n);
        read_attachment(layout, a, end, &mut tree, &mut captions, &mut reader);
    }
    // (every grid is read once, in its zone; none is left out)
    for g in 0..layout.grids.len() {
        reader.grid(g);
    }
    let TableReader {
        mut rows,
        tables: document_tables,
        ..
    } = reader;
    let (sections, tree_warnings, opening_bullets) = tree.finish();
    warnings.extend(tree_warnings);
    preamble.extend(opening_bullets);
    let prose = prose::extract(&sections);
    rows.tasks.extend(prose.tasks);
    rows.indicators.extend(prose.indicators);
    warnings.append(&mut rows.warnings);

    // Metadata the header did not give, from what the document states elsewhere.
    recover_metadata(
        &mut info,
        &mut provenance,
        &captions,
        &enacting,
        &closing_paragraphs,
        layout,
    );
    recover_from_issuing_caption(&mut info, &mut provenance, &issuing_captions, layout);
    info.provenance = provenance;
    if head.number.is_none() && head.date.is_none() && head.issuer_lines.is_empty() {
        let recovered: Vec<&str> = info
            .provenance
            .iter()
            .filter(|p| p.source != "header" && p.source != "signature")
            .map(|p| p.field.as_str())
            .collect();
        warnings.push(Warning::new(
            "header_missing",
            if recovered.is_empty() {
                "no header block (issuer, number, date)".to_string()
            } else {
                format!(
                    "no header block; recovered from the text: {}",
                    recovered.join(", ")
                )
            },
            None,
        ));
    }

    Document {
        schema_version: SCHEMA_VERSION.to_string(),
        source,
        document: info,
        legal_bases,
        references: Vec::new(),
        preamble,
        sections,
        closing: closing_texts,
        indicators: rows.indicators,
        tasks: rows.tasks,
        tables: document_tables,
        footnotes: layout.footnotes.clone(),
        warnings,
    }
}

/// A title that opens with its issuer, number and date ("CỦA CHÍNH PHỦ SỐ 29/1998/NĐ-CP NGÀY
/// 11 THÁNG 5 NĂM 1998 VỀ VIỆC …", as web copies of older texts print it): the title is what
/// follows; the issuer named there is the document's where the header named none.
fn strip_issuer_and_number(
    info: &mut DocumentInfo,
    provenance: &mut Vec<Provenance>,
    at: Option<Span>,
) {
    let Some(title) = info.title.clone() else {
        return;
    };
    let f = fold(&title);
    let (true, Some(pos)) = (f.starts_with("cua "), f.find(" so ")) else {
        return;
    };
    let pos = f[..pos].chars().count();
    let issuer_end = crate::text::byte_offset(&title, pos);
    let issuer = title[crate::text::byte_offset(&title, 4)..issuer_end].trim();
    let after = &title[crate::text::byte_offset(&title, pos + 4)..];
    let Some(sym) = symbols::find_symbols(after)
        .into_iter()
        .next()
        .filter(|s| s.start == 0 && s.type_code.is_some() && s.type_code == info.type_code)
    else {
        return;
    };
    let mut end = sym.end;
    if let Some(d) = dates::find_date(&after[sym.end..]).filter(|d| d.start < 12) {
        end = sym.end + d.end;
    }
    let subject = after[end..].trim();
    if subject.is_empty() {
        return;
    }
    info.title = Some(subject.to_string());
    if info.issuer.name.is_none() && !issuer.is_empty() && is_upper(issuer) {
        info.issuer.name = Some(issuer.to_string());
        if let Some(at) = at {
            provenance.push(prov("issuer", "title", at));
        }
    }
}

/// The span of one line (a stamp's, outside the layout's lines).
fn span_of_line(l: &crate::ingest::Line) -> Span {
    crate::layout::span_of(std::slice::from_ref(l))
}

fn prov(field: &str, source: &str, span: Span) -> Provenance {
    Provenance {
        field: field.to_string(),
        source: source.to_string(),
        span,
    }
}

/// A line that can only be body text: a heading or a fixed opening ("Căn cứ …").
fn starts_body(text: &str) -> bool {
    split_marker(text).is_some_and(|m| m.kind != MarkerKind::Appendix) || is_block_start(text)
}

/// Without a type line, the header is the run of header-like lines at the top.
fn header_zone_end(layout: &Layout) -> usize {
    let lines = &layout.lines;
    let mut i = 0;
    let mut in_subject = false;
    let mut subject_seen = false;
    let mut after_body = false;
    // The subject's last line read so far.
    let mut subject_last: Option<usize> = None;
    while i < lines.len().min(HEADER_WINDOW) {
        let t = collapse_ws(&lines[i].text);
        let f = fold(&t);
        // The subject's lines, also those read after the other column: they open in
        // lowercase, or they stand right under the subject's last line, in its column
        // ("V/v xem xét đề nghị của Ủy ban" / "MTTQ Việt Nam tỉnh Lâm Đồng").
        let under_subject = subject_last.is_some_and(|k| right_under(&lines[k], &lines[i]));
        if (in_subject || subject_seen && t.starts_with(char::is_lowercase) || under_subject)
            && header::is_subject_continuation(&t)
        {
            subject_last = Some(i);
            i += 1;
            continue;
        }
        if is_contents_label(&t) {
            break; // a table of contents opens the body
        }
        in_subject = header::opens_subject(&f);
        subject_seen |= in_subject;
        if in_subject {
            subject_last = Some(i);
        }
        // Old Word files type the two columns on one line, set apart by tabs
        // ("BÌNH THUẬN\t\tĐộc lập - Tự do - Hạnh phúc"): each column is read on its own.
        let columns = closing::column_parts(&lines[i].text);
        let headerish = is_header_text(&t)
            || columns.len() > 1 && columns.iter().all(|c| is_header_text(&collapse_ws(c)));
        // An issuer printed through a capitals font whose name was lost reads in lowercase.
        let body = !headerish && i < 4 && header::is_body_line_any_case(&t, after_body);
        after_body = body;
        if !headerish && !body {
            break;
        }
        i += 1;
    }
    i
}

/// A line (or one column of a line) that reads as part of the NĐ 30 header: a banner, the
/// number, a date, a subject, a rule, or a short capitalised line.
fn is_header_text(t: &str) -> bool {
    let f = fold(t);
    header::is_banner(t)
        || f.starts_with("so:")
        || f.starts_with("so ")
        || header::is_date_line(t)
        || t.chars().all(|c| "*-_=~. ".contains(c))
        || header::opens_subject(&f)
        || (is_upper(t) && t.chars().count() <= 60 && !starts_body(t))
}

/// The title: capitalised lines right after the type line ("CỦA BỘ CHÍNH TRỊ", "VỀ VIỆC …"),
/// then the paragraph that follows. Returns the title and its last line.
fn read_title(layout: &Layout, type_at: usize, rest_of_type: String) -> (Option<String>, usize) {
    let lines = &layout.lines;
    let n = lines.len();
    let mut parts: Vec<String> = Vec::new();
    if !rest_of_type.is_empty() {
        parts.push(rest_of_type);
    }
    let stop = |i: usize| {
        let t = &lines[i].text;
        // "V/v ban hành Chương trình …" under "QUYẾT ĐỊNH CỦA …" is the title, not a formula.
        let subject = crate::text::fold_starts_with(t.trim(), "ve viec ")
            || header::is_subject_line(t.trim());
        (starts_body(t) && !subject) || is_authority_line(t) || header::is_banner(t)
            // A capitalised line right before "Căn cứ" is the enacting body ("CHÍNH PHỦ").
            || (is_upper(t) && i + 1 < n && is_basis(lines[i + 1].text.trim()))
    };
    let mut i = type_at + 1;
    let mut end = type_at;
    while i < n && is_upper(&lines[i].text) && !stop(i) {
        parts.push(collapse_ws(&lines[i].text));
        end = i;
        i += 1;
    }
    let body_paragraph = i + 1 < n && indented_paragraph(&lines[i], &lines[i + 1]);
    if i < n && !is_upper(&lines[i].text) && !stop(i) && !body_paragraph {
        let block_last = layout
            .blocks
            .iter()
            .find(|b| b.first <= i && i <= b.last)
            .map(|b| b.last)
            .unwrap_or(i);
        let mut last = i;
        while last < block_last && !stop(last + 1) && !spaced_apart(&lines[last], &lines[last + 1])
        {
            last += 1;
        }
        // A centred title wrapped before a capital ("… thẩm định, đánh giá" / "Chỉ số cải
        // cách …") is one block by its geometry: each line centred under the one above.
        while last + 1 < n
            && !is_upper(&lines[last + 1].text)
            && !stop(last + 1)
            && centred_under(&lines[last], &lines[last + 1])
        {
            last += 1;
        }
        parts.push(join_text(&lines[i..=last]));
        end = last;
        // Word says how the title is set: the centred bold paragraphs under it are the
        // title's too ("Về việc … (sửa đổi, bổ sung)" / "Hiệp hội Doanh nghiệp tỉnh …").
        let set = layout.style(i);
        let title_like = |s: crate::ingest::LineStyle| {
            s.bold == Some(true) && s.align == Some(crate::ingest::Align::Center)
        };
        if title_like(set) {
            while end + 1 < n
                && title_like(layout.style(end + 1))
                && !is_upper(&lines[end + 1].text)
                && !stop(end + 1)
            {
                end += 1;
                parts.push(collapse_ws(&lines[end].text));
            }
        }
    }
    // "QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ …" / "V/v …": the "của" line names the
    // issuer; the subject under it is the title.
    if parts.len() == 2 && {
        let (f, next) = (fold(&parts[0]), fold(&parts[1]));
        f.starts_with("cua ")
            && !f.contains(" so ")
            && (header::opens_subject(&next) || next.starts_with("ve viec "))
    } {
        parts.remove(0);
    }
    let title = (!parts.is_empty())
        .then(|| crate::text::without_unclosed_quote(&parts.join(" ")).to_string());
    (title, end)
}

/// The height of a line's box and the box, where the reader placed it (PDF, OCR).
fn placed(line: &crate::ingest::Line) -> Option<(f32, [f32; 4])> {
    let b = line.bbox?.0;
    Some((b[3] - b[1], b))
}

/// Whether `next` stands under `above` on the same page with more than a line's height of
/// space between them: a paragraph's end however its words wrap (a title above the body's
/// first paragraph, "… trên môi trường điện tử" / "Ngày 07/11/2025, …").
fn spaced_apart(above: &crate::ingest::Line, next: &crate::ingest::Line) -> bool {
    let (Some((ha, a)), Some((hn, b))) = (placed(above), placed(next)) else {
        return false;
    };
    above.page == next.page && a[1] - b[3] > ha.min(hn).max(1.0)
}

/// Whether `next` is set centred under `above`, as a title's lines are: right under it, and
/// indented from it by about as much on both sides (or it from `next`). A paragraph's lines
/// share the left margin; its last line falls short on the right only.
fn centred_under(above: &crate::ingest::Line, next: &crate::ingest::Line) -> bool {
    let (Some((ha, a)), Some((hn, b))) = (placed(above), placed(next)) else {
        return false;
    };
    let h = ha.min(hn).max(1.0);
    let (left, right) = (b[0] - a[0], a[2] - b[2]);
    above.page == next.page
        && !spaced_apart(above, next)
        && a[1] - b[3] > -h
        && left.signum() == right.signum()
        && left.abs().min(right.abs()) >= h
        && (left - right).abs() <= 1.5 * h
}

/// Whether `first` and `next` open a paragraph of body text, as a type line with no subject
/// ("GIẤY MỜI" / "Ủy ban nhân dân tỉnh tổ chức …") is followed by: the first line indented by
/// a line's height or more, both lines running to the same right margin (justified). A
/// title's lines are centred: one shorter than the other falls short on both sides.
fn indented_paragraph(first: &crate::ingest::Line, next: &crate::ingest::Line) -> bool {
    let (Some((ha, a)), Some((hn, b))) = (placed(first), placed(next)) else {
        return false;
    };
    let h = ha.min(hn).max(1.0);
    first.page == next.page
        && !spaced_apart(first, next)
        && a[1] > b[3] - h
        && a[0] - b[0] >= h
        && (a[2] - b[2]).abs() <= 0.5 * h
}

/// Whether `next` stands right under `above` (no line's space between) and within its
/// column: its box inside `above`'s, give or take a line's height on each side.
fn right_under(above: &crate::ingest::Line, next: &crate::ingest::Line) -> bool {
    let (Some((ha, a)), Some((hn, b))) = (placed(above), placed(next)) else {
        return false;
    };
    let h = ha.min(hn).max(1.0);
    let gap = a[1] - b[3];
    above.page == next.page && gap > -h && gap <= 0.8 * h && b[0] >= a[0] - h && b[2] <= a[2] + h
}

fn is_basis(text: &str) -> bool {
    let t = text.trim_start();
    crate::layout::BASIS_OPENINGS
        .iter()
        .any(|o| crate::text::fold_starts_with(t, o))
        && crate::text::starts_upper(text)
}

/// Splits "Thực hiện … quốc gia. Sở Xây dựng ban hành Kế hoạch …" into the basis and the
/// enacting formula.
fn split_enacting(text: &str) -> (&str, Option<&str>) {
    for (i, _) in text.match_indices(['.', ';']) {
        let after = text[i + 1..].trim_start();
        if !after.is_empty() && is_block_start(after) && enacting_subject(after).is_some() {
            let at = text.len() - after.len();
            return (text[..i + 1].trim_end(), Some(&text[at..]));
        }
    }
    (text, None)
}

/// The subject of an enacting formula: "Sở Xây dựng" in "Sở Xây dựng ban hành Kế hoạch …".
fn enacting_subject(text: &str) -> Option<String> {
    let (subject, rest) = text.split_once(" ban hành ")?;
    let subject = subject.trim();
    let ty = fold(rest);
    let known = [
        "ke hoach",
        "chuong trinh",
        "quyet dinh",
        "huong dan",
        "ket luan",
        "nghi quyet",
        "chi thi",
        "thong bao",
        "de an",
        "phuong an",
    ];
    (crate::text::starts_upper(subject)
        && subject.chars().count() <= 90
        && !subject.contains(['.', ';', ':'])
        && known.iter().any(|k| ty.starts_with(k)))
    .then(|| subject.to_string())
}

/// The closing block starts at "Nơi nhận:", a signing authority, or a capitalised position right
/// after the "./." that ends the body.
fn is_closing_start(layout: &Layout, i: usize) -> bool {
    let t = layout.lines[i].text.trim();
    if crate::layout::is_receipt_label(t) || is_authority_line(t) {
        return true;
    }
    i > 0
        && layout.lines[i - 1].text.trim_end().ends_with("/.")
        && is_upper(t)
        && split_marker(t).is_none()
}

/// The closing from the signer's position typed above "Nơi nhận" (its column read first):
/// the short capitalised lines right above the label ("TRƯỞNG BAN" / "Nơi nhận :").
fn with_position_above(layout: &Layout, from: usize, start: usize) -> usize {
    let lines = &layout.lines;
    if !crate::layout::is_receipt_label(lines[start].text.trim()) {
        return start;
    }
    let mut at = start;
    while at > from && start - at < 3 {
        let t = collapse_ws(&lines[at - 1].text);
        let position = is_upper(&t)
            && (2..=40).contains(&t.chars().count())
            && split_marker(&t).is_none()
            && !t.ends_with(':');
        if !position {
            break;
        }
        at -= 1;
    }
    at
}

/// A signature that ends the document without "Nơi nhận" or an authority line (a form's
/// "GIÁM ĐỐC CÔNG TY" / "(Ký tên, đóng dấu)" under its table): the last few lines, from a
/// capitalised position on, are all signature lines (position, signed note, a name), with a
/// note or a name under the position.
fn trailing_signature(layout: &Layout, from: usize) -> Option<usize> {
    let lines = &layout.lines;
    let n = lines.len();
    let signature_line = |i: usize| {
        let t = collapse_ws(&lines[i].text);
        let upper = is_upper(&t) && t.chars().count() <= 60 && split_marker(&t).is_none();
        upper || closing::is_signed_note(&t) || is_person_name(&t)
    };
    let mut start = None;
    // A note or a name under the position: a capitalised last line alone proves nothing.
    let mut signed = false;
    for i in (from.max(n.saturating_sub(4))..n).rev() {
        if !signature_line(i) {
            break;
        }
        let t = collapse_ws(&lines[i].text);
        if is_upper(&t) && split_marker(&t).is_none() {
            if signed {
                start = Some(i);
            }
        } else {
            signed = true;
        }
    }
    start
}

/// Starts of the attachments after `from`: "PHỤ LỤC …" captions, and a capitalised title
/// followed within three lines by "(Kèm theo …)" (an attached programme or regulation).
/// In a file that is itself an attachment, only "(Kèm theo …)" marks another: its opening
/// "(Ban hành kèm theo …)" caption is its own.
fn find_attachments(layout: &Layout, from: usize, attachment_file: bool) -> Vec<usize> {
    let is_issuing_caption = |text: &str| {
        if attachment_file {
            crate::text::fold_starts_with(text.trim(), "(kem theo")
        } else {
            is_issuing_caption(text)
        }
    };
    let lines = &layout.lines;
    let n = lines.len();
    let mut out = Vec::new();
    let mut i = from;
    // Where the last attached document's header stood: its title is no attachment of its own.
    let mut attached_header: Option<usize> = None;
    while i < n {
        let t = lines[i].text.trim();
        let appendix = split_marker(t).is_some_and(|m| m.kind == MarkerKind::Appendix);
        let titled = is_upper(t)
            && !is_authority_line(t)
            && (i + 1..(i + 4).min(n)).any(|k| is_issuing_caption(&lines[k].text))
            && (i + 1..(i + 4).min(n))
                .take_while(|&k| !is_issuing_caption(&lines[k].text))
                .all(|k| !is_person_name(lines[k].text.trim()) && !lines[k].text.contains("đã ký"));
        // Another document's header (its tiêu ngữ) after this one's closing: an attached
        // letter or form, whose header must not be read as this document's.
        // (Old Word files type the issuer and the banner on one line, columns set by tabs.)
        let banner = header::is_banner(t)
            || closing::column_parts(&lines[i].text)
                .get(1..)
                .is_some_and(|rest| rest.iter().any(|p| header::is_banner(p)));
        if banner && i > from {
            attached_header = Some(i);
            let start = attached_header_start(layout, from, i);
            if !out.contains(&start) {
                out.push(start);
            }
            i += 1;
            while i < n && header::is_banner(lines[i].text.trim()) {
                i += 1;
            }
            continue;
        }
        let under_header = attached_header.is_some_and(|h| i - h <= 6);
        if appendix || (titled && !under_header && !out.contains(&i)) {
            out.push(i);
            // Skip the rest of this caption's capitalised lines.
            i += 1;
            while i < n
                && is_upper(lines[i].text.trim())
                && split_marker(lines[i].text.trim()).is_none()
            {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// "(Kèm theo …)", "(Ban hành kèm theo …)", "(Ban hành theo Quyết định …)": the caption under
/// an attached programme's or regulation's title.
fn is_issuing_caption(text: &str) -> bool {
    let t = text.trim();
    ["(kem theo", "(ban hanh kem theo", "(ban hanh theo"]
        .iter()
        .any(|c| crate::text::fold_starts_with(t, c))
}

/// A table of contents ("MỤC LỤC", then the headings it lists, often with their pages) before
/// the headings themselves: the items from its label up to the heading that repeats its first
/// entry's marker ("Phần THỨ NHẤT …" listed, then printed). Its entries are not sections; a
/// label whose first entry never comes again is not taken for one.
fn table_of_contents(items: &[Item]) -> Option<std::ops::Range<usize>> {
    let start = items
        .iter()
        .position(|item| matches!(item, Item::Block(_, text, ..) if is_contents_label(text)))?;
    let mut entries =
        items
            .iter()
            .enumerate()
            .skip(start + 1)
            .filter_map(|(at, item)| match item {
                Item::Block(_, text, ..) => split_marker(text).map(|m| (at, m)),
                Item::Grid(_) => None,
            });
    let (_, first) = entries
        .next()
        .filter(|(_, m)| !sections::is_bullet(m.kind))?;
    let same =
        |m: &crate::layout::Marker| m.kind == first.kind && fold(&m.label) == fold(&first.label);
    let (end, _) = entries.find(|(_, m)| same(m))?;
    Some(start..end)
}

/// "MỤC LỤC" on its own line: a table of contents opens there.
fn is_contents_label(text: &str) -> bool {
    // (compared char by char, not folded whole: every block of a document is asked)
    fold_eq(text.trim().trim_end_matches(':').trim(), "muc luc")
}

/// A block of lines, or a grid of the layout (by index).
enum Item {
    Block(BlockKind, String, usize, usize),
    Grid(usize),
}

/// The grids that end the lines `from..to`, standing after line `from` and before line `to`
/// included (a grid stands after what it follows: one anchored at a zone's first line belongs to
/// the zone before); at line 0, the first zone's.
fn grids_in(layout: &Layout, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    layout
        .grids
        .iter()
        .enumerate()
        .filter(move |(_, g)| (g.anchor > from || g.anchor == 0 && from == 0) && g.anchor <= to)
        .map(|(i, _)| i)
}

/// The first line of the header block whose tiêu ngữ stands at `banner`: the issuer, number and
/// subject lines above it on its page (not before `from`).
fn attached_header_start(layout: &Layout, from: usize, banner: usize) -> usize {
    let lines = &layout.lines;
    let page = lines[banner].page;
    let mut start = banner;
    while start > from && banner - start < 10 && lines[start - 1].page == page {
        let t = collapse_ws(&lines[start - 1].text);
        let f = fold(&t);
        let headerish = is_upper(&t)
            || f.starts_with("so:")
            || f.starts_with("so ")
            || header::opens_subject(&f)
            || header::is_subject_continuation(&t) && !is_person_name(&t);
        if !headerish {
            break;
        }
        start -= 1;
    }
    // On its own page when it opens one: from the page's first line.
    start
}

/// Paragraph and table blocks over lines `from..to`, cut at the range ends, and the grids
/// standing among them after line `grids_from` (see `grids_in`), in reading order.
fn blocks_in(layout: &Layout, from: usize, to: usize, grids_from: usize) -> Vec<Item> {
    let mut out = Vec::new();
    let mut grids = grids_in(layout, grids_from, to).peekable();
    for b in &layout.blocks {
        if b.last < from || b.first >= to {
            continue;
        }
        let (first, last) = (b.first.max(from), b.last.min(to - 1));
        while let Some(g) = grids.next_if(|&g| layout.grids[g].anchor <= first) {
            out.push(Item::Grid(g));
        }
        let text = if first == b.first && last == b.last {
            b.text.clone()
        } else if b.kind == BlockKind::Table {
            layout.lines[first..=last]
                .iter()
                .map(|l| collapse_ws(&l.text))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            join_text(&layout.lines[first..=last])
        };
        out.push(Item::Block(b.kind, text, first, last));
    }
    out.extend(grids.map(Item::Grid));
    out
}

/// An attachment: caption lines, then its body as a section of kind appendix.
fn read_attachment(
    layout: &Layout,
    start: usize,
    end: usize,
    tree: &mut TreeBuilder,
    captions: &mut Vec<(String, usize)>,
    reader: &mut TableReader,
) {
    let lines = &layout.lines;
    let first = lines[start].text.trim();
    let marker = split_marker(first).filter(|m| m.kind == MarkerKind::Appendix);
    let mut i = start + 1;
    let mut title_parts = Vec::new();
    let heading_text = match &marker {
        Some(m) => {
            let rest = first[m.rest..].trim();
            if !rest.is_empty() {
                title_parts.push(rest.to_string());
            }
            first.to_string()
        }
        None => {
            title_parts.push(collapse_ws(first));
            first.to_string()
        }
    };
    let m = marker.unwrap_or(Marker {
        kind: MarkerKind::Appendix,
        label: String::new(),
        rest: heading_text.len(),
    });
    while i < end && is_upper(lines[i].text.trim()) && split_marker(lines[i].text.trim()).is_none()
    {
        title_parts.push(collapse_ws(&lines[i].text));
        i += 1;
    }
    tree.heading(&m, &heading_text, start, i.saturating_sub(1).max(start));
    if !title_parts.is_empty() {
        let _ = tree.set_title_if_empty(title_parts.join(" "));
    }
    // Subtitle and "(Kèm theo …)" caption, within a few lines.
    let caption_at = (i..(i + 4).min(end))
        .find(|&k| crate::text::fold_starts_with(lines[k].text.trim(), "(kem theo"));
    if let Some(c) = caption_at {
        if c > i {
            let _ = tree.paragraph(join_text(&lines[i..c]), c - 1);
        }
        // The caption may wrap: up to its closing parenthesis.
        let mut c_end = c;
        while c_end + 1 < end && !lines[c_end].text.contains(')') {
            c_end += 1;
        }
        let caption = join_text(&lines[c..=c_end]);
        captions.push((caption.clone(), c));
        let _ = tree.paragraph(caption, c_end);
        i = c_end + 1;
    }
    for item in blocks_in(layout, i, end, start) {
        let (kind, text, first, last) = match item {
            Item::Grid(g) => {
                reader.grid(g);
                continue;
            }
            Item::Block(kind, text, first, last) => (kind, text, first, last),
        };
        match (kind, split_marker(&text)) {
            (BlockKind::Table, _) if reader.text_table(first, last) => {}
            (BlockKind::Paragraph, Some(m)) if m.kind != MarkerKind::Appendix => {
                tree.heading(&m, &text, first, last)
            }
            _ => {
                let _ = tree.paragraph(text, last);
            }
        }
    }
}

/// Fills issuer, number, date and type from an appendix caption, the enacting formula or the
/// closing sentence where the header did not give them; records where each came from.
fn recover_metadata(
    info: &mut DocumentInfo,
    provenance: &mut Vec<Provenance>,
    captions: &[(String, usize)],
    enacting: &Option<(String, usize, usize)>,
    closing_paragraphs: &[(String, usize, usize)],
    layout: &Layout,
) {
    let span = |a: usize, b: usize| layout.span(a, b);
    // Captions that attach to this document: "(Kèm theo Kế hoạch số 181/KH-UBND ngày … của …)".
    for (caption, at) in captions {
        let inner = caption.trim_start_matches('(').trim_end_matches(')');
        let after = match inner.split_once(' ') {
            Some((_, a)) => a.trim_start_matches("theo").trim(),
            None => continue,
        };
        let caption_type = symbols::TYPE_CODES
            .iter()
            .map(|(_, n)| *n)
            .find(|n| crate::text::fold_starts_with(after, &fold(n)));
        let matches_doc = match (caption_type, &info.doc_type) {
            (Some(ct), Some(dt)) => fold(ct) == fold(dt),
            (Some(_), None) => true,
            _ => false,
        };
        if !matches_doc {
            continue;
        }
        if info.doc_type.is_none() {
            info.doc_type = caption_type.map(str::to_string);
            info.type_code = caption_type
                .and_then(symbols::type_code_of)
                .map(str::to_string);
            provenance.push(prov("type", "appendix_caption", span(*at, *at)));
        }
        if info.number.is_none() {
            if let Some(sym) = symbols::find_symbols(after).into_iter().next() {
                let sym_text = &after[sym.start..sym.end];
                info.number = Some(sym_text.split_whitespace().collect());
                if info.symbol.is_none() {
                    info.symbol = sym
                        .canonical
                        .split_once(['/', '-'])
                        .map(|x| x.1.to_string());
                }
                provenance.push(prov("number", "appendix_caption", span(*at, *at)));
            }
        }
        if info.date.is_none() {
            if let Some(d) = dates::find_date(after) {
                info.date = Some(d.iso);
                provenance.push(prov("date", "appendix_caption", span(*at, *at)));
            }
        }
        if info.issuer.name.is_none() {
            if let Some(pos) = after.rfind(" của ") {
                let who = after[pos + " của ".len()..].trim();
                if !who.is_empty() && who.chars().count() <= 80 {
                    info.issuer.name = Some(who.to_string());
                    provenance.push(prov("issuer", "appendix_caption", span(*at, *at)));
                }
            }
        }
    }
    if info.issuer.name.is_none() {
        if let Some((text, a, b)) = enacting {
            if let Some(who) = enacting_subject(text) {
                info.issuer.name = Some(who);
                provenance.push(prov("issuer", "enacting_formula", span(*a, *b)));
            }
        }
    }
    // "Trên đây là Kế hoạch của Sở Xây dựng …": type, and the issuer when "của" follows the type.
    if let Some((text, a, b)) = closing_paragraphs.first() {
        let after = text.trim_start_matches(|c: char| !c.is_whitespace()).trim();
        let after = after.split_once(" là ").map(|x| x.1).unwrap_or(after);
        let closing_type = symbols::TYPE_CODES
            .iter()
            .map(|(_, n)| *n)
            .find(|n| crate::text::fold_starts_with(after, &fold(n)));
        if let Some(ct) = closing_type {
            if info.doc_type.is_none() {
                info.doc_type = Some(ct.to_string());
                info.type_code = symbols::type_code_of(ct).map(str::to_string);
                provenance.push(prov("type", "closing_sentence", span(*a, *b)));
            }
            let rest: String = after.chars().skip(ct.chars().count()).collect();
            if info.issuer.name.is_none() {
                if let Some(who) = rest.trim_start().strip_prefix("của ") {
                    let name = agency_prefix(who);
                    if !name.is_empty() {
                        info.issuer.name = Some(name);
                        provenance.push(prov("issuer", "closing_sentence", span(*a, *b)));
                    }
                }
            }
        }
    }
}

/// "PHỤ LỤC I", "Phụ lục", "Bảng 2": the caption an attachment opens with.
fn is_attachment_caption(text: &str) -> bool {
    let t = text.trim();
    if split_marker(t).is_some_and(|m| m.kind == MarkerKind::Appendix) {
        return true;
    }
    let f = fold(t);
    f.strip_prefix("bang ").is_some_and(|rest| {
        let rest = rest.trim_end_matches([':', '.']);
        !rest.is_empty() && rest.len() <= 4 && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// "VĂN PHÒNG CHÍNH PHỦ điện:": the sender of a công điện and the word that opens its
/// addressees.
fn is_telegram_label(text: &str) -> bool {
    let t = text.trim();
    let Some(sender) = t.strip_suffix("điện:").or_else(|| t.strip_suffix("ĐIỆN:")) else {
        return false;
    };
    let sender = sender.trim();
    !sender.is_empty() && is_upper(sender) && sender.chars().count() <= 80
}

/// "Kính gửi: A; B." → ["A", "B"].
fn split_addressees(text: &str) -> Vec<String> {
    text.split(';')
        .map(|a| a.trim().trim_end_matches(['.', ',']).trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// A regulation issued with a decision ("(Ban hành kèm theo Quyết định số 318/QĐ-UBND ngày 05
/// tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Lâm Đồng)") was issued on that date by that body;
/// the number is the decision's, not its own, and stays a reference.
fn recover_from_issuing_caption(
    info: &mut DocumentInfo,
    provenance: &mut Vec<Provenance>,
    captions: &[(String, usize)],
    layout: &Layout,
) {
    let Some((caption, at)) = captions.first() else {
        return;
    };
    let span = layout.span(*at, *at);
    if info.date.is_none() {
        if let Some(d) = dates::find_date(caption) {
            info.date = Some(d.iso);
            provenance.push(prov("date", "issuing_caption", span));
        }
    }
    if info.issuer.name.is_none() {
        if let Some(pos) = caption.rfind(" của ") {
            let who = caption[pos + " của ".len()..]
                .trim()
                .trim_end_matches(')')
                .trim();
            if !who.is_empty() && who.chars().count() <= 80 {
                info.issuer.name = Some(who.to_string());
                provenance.push(prov("issuer", "issuing_caption", span));
            }
        }
    }
}

/// The agency name at the start of `text`: capitalised words, the lowercase syllable after a
/// capitalised one ("Xây dựng", "Khoa học"), and the small words inside agency names ("và",
/// "nhân dân", "tỉnh"); it ends at the first other lowercase word or at punctuation.
fn agency_prefix(text: &str) -> String {
    const INNER: [&str; 7] = ["và", "nhân", "dân", "tỉnh", "thành", "phố", "huyện"];
    let mut words: Vec<&str> = Vec::new();
    let mut prev_capital = false;
    for w in text.split_whitespace() {
        let clean = w.trim_end_matches([',', '.', ';', ':', '/']);
        let capital = crate::text::starts_upper(clean);
        let keep = if words.is_empty() {
            capital
        } else {
            capital || prev_capital || INNER.contains(&clean)
        };
        if !keep || clean.is_empty() {
            break;
        }
        words.push(clean);
        prev_capital = capital;
        if clean.len() != w.len() {
            break;
        }
    }
    while words.last().is_some_and(|w| INNER.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Line;

    /// A line placed on page 1: left, bottom, right, top in points.
    fn at(text: &str, [x0, y0, x1, y1]: [f32; 4]) -> Line {
        Line {
            text: text.to_string(),
            page: 1,
            line: 0,
            bbox: Some(BBox([x0, y0, x1, y1])),
        }
    }

    fn layout_of(lines: Vec<Line>) -> Layout {
        let lines = lines
            .into_iter()
            .enumerate()
            .map(|(i, mut l)| {
                l.line = i as u32 + 1;
                l
            })
            .collect();
        crate::layout::layout(lines, Vec::new())
    }

    #[test]
    fn a_centred_title_wrapped_before_a_capital_is_one_title() {
        let layout = layout_of(vec![
            at("QUYẾT ĐỊNH", [268.0, 721.0, 357.0, 737.0]),
            at(
                "Về việc thành lập Hội đồng thẩm định, đánh giá",
                [172.0, 705.0, 453.0, 721.0],
            ),
            at(
                "Chỉ số cải cách hành chính tỉnh Lâm Đồng",
                [190.0, 689.0, 437.0, 705.0],
            ),
            at(
                "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
                [149.0, 651.0, 477.0, 667.0],
            ),
            at(
                "Căn cứ Luật Tổ chức chính quyền địa phương;",
                [122.0, 627.0, 538.0, 643.0],
            ),
        ]);
        let (title, end) = read_title(&layout, 0, String::new());
        assert_eq!(
            title.as_deref(),
            Some("Về việc thành lập Hội đồng thẩm định, đánh giá Chỉ số cải cách hành chính tỉnh Lâm Đồng")
        );
        assert_eq!(end, 2);
    }

    #[test]
    fn a_title_ends_where_a_line_of_space_parts_it_from_the_body() {
        let layout = layout_of(vec![
            at("THÔNG BÁO", [263.0, 698.0, 346.0, 711.0]),
            at(
                "Kết luận của đồng chí Phó Chủ tịch UBND tỉnh tại buổi làm việc nghe",
                [75.0, 672.0, 534.0, 688.0],
            ),
            at(
                "báo cáo về chất lượng phục vụ trên môi trường điện tử",
                [107.0, 656.0, 505.0, 671.0],
            ),
            at(
                "Ngày 07/11/2025, đồng chí Phó Chủ tịch UBND tỉnh đã chủ trì buổi",
                [108.0, 571.0, 536.0, 587.0],
            ),
            at("làm việc nghe báo cáo.", [73.0, 552.0, 300.0, 569.0]),
        ]);
        let (title, end) = read_title(&layout, 0, String::new());
        assert_eq!(end, 2, "{title:?}");
        // Body lines of one paragraph, left-aligned, are no centred title.
        let body = at(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16",
            [122.0, 627.0, 538.0, 643.0],
        );
        let last = at("tháng 6 năm 2025;", [86.0, 610.0, 300.0, 626.0]);
        assert!(!centred_under(&body, &last));
    }

    #[test]
    fn an_indented_body_paragraph_under_the_type_is_no_title() {
        // GIẤY MỜI 560 (scan): no subject; the body's first paragraph, first line indented,
        // justified to the right margin.
        let layout = layout_of(vec![
            at("GIẤY MỜI", [270.0, 690.0, 345.0, 705.0]),
            at(
                "Ủy ban nhân dân tỉnh tổ chức buổi làm việc để nghe Sở Nội vụ báo cáo",
                [111.0, 660.0, 536.0, 676.0],
            ),
            at(
                "đánh giá kết quả và giải pháp nâng cao các chỉ số PAR INDEX, PAPI,",
                [83.0, 642.0, 536.0, 658.0],
            ),
            at("trực tuyến.", [83.0, 624.0, 160.0, 640.0]),
        ]);
        let (title, end) = read_title(&layout, 0, String::new());
        assert_eq!((title, end), (None, 0));
        // A centred title of two lines, the first the shorter, is a title.
        let layout = layout_of(vec![
            at("QUYẾT ĐỊNH", [263.0, 698.0, 346.0, 711.0]),
            at(
                "Về việc thành lập Hội đồng thẩm định,",
                [170.0, 680.0, 440.0, 696.0],
            ),
            at(
                "đánh giá Chỉ số cải cách hành chính tỉnh Lâm Đồng năm 2025",
                [120.0, 662.0, 490.0, 678.0],
            ),
        ]);
        assert!(read_title(&layout, 0, String::new()).0.is_some());
    }

    #[test]
    fn a_subject_goes_on_under_itself_after_the_other_column() {
        // The other column (banner, motto, place and date) is read between the subject's two
        // lines: the second still stands right under the first, in its column.
        let layout = layout_of(vec![
            at("ỦY BAN NHÂN DÂN", [104.0, 764.0, 226.0, 777.0]),
            at("TỈNH LÂM ĐỒNG", [110.0, 748.0, 219.0, 760.0]),
            at("Số: /UBND-NC", [117.0, 714.0, 235.0, 731.0]),
            at(
                "V/v xem xét đề nghị của Ủy ban",
                [97.0, 699.0, 265.0, 713.0],
            ),
            at(
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                [275.0, 761.0, 526.0, 776.0],
            ),
            at("Độc lập - Tự do - Hạnh phúc", [330.0, 745.0, 502.0, 759.0]),
            at(
                "Lâm Đồng, ngày 30 tháng 9 năm 2025",
                [317.0, 716.0, 528.0, 731.0],
            ),
            at("MTTQ Việt Nam tỉnh Lâm Đồng", [94.0, 687.0, 267.0, 698.0]),
            at("Kính gửi: Sở Nội vụ", [275.0, 646.0, 389.0, 659.0]),
            at(
                "Ủy ban nhân dân tỉnh nhận được Công văn số 227/MTTQ-BTT ngày",
                [130.0, 601.0, 548.0, 617.0],
            ),
        ]);
        assert_eq!(header_zone_end(&layout), 8);
        let head = header::read(&layout.lines[..8], 0);
        assert_eq!(
            head.subject.map(|s| s.0).as_deref(),
            Some("V/v xem xét đề nghị của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng")
        );
    }
}
