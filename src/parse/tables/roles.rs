//! Column roles: what each column of a table of tasks or indicators holds, learnt from the words
//! of its header (TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi; TT | Tên nhiệm vụ
//! | Cơ quan chủ trì | Cơ quan phối hợp | [Kết quả] | Thời gian hoàn thành, in any order and with
//! other header words).

use crate::text::{collapse_ws, fold};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Id,
    Name,
    Unit,
    Target,
    Owner,
    Lead,
    Support,
    Result,
    Deadline,
    /// Progress in a tracking table ("Tiến độ", "Kết quả hiện nay").
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Indicators,
    Tasks,
}

/// Header phrases of each role, compared without diacritics; longer phrases first.
fn role_phrases(kind: TableKind) -> Vec<(&'static str, Role)> {
    let mut v = vec![
        ("co quan chu tri theo doi", Role::Owner),
        ("co quan theo doi", Role::Owner),
        ("don vi theo doi", Role::Owner),
        ("ket qua hien nay", Role::Status),
        ("tinh hinh thuc hien", Role::Status),
        ("thoi gian hoan thanh", Role::Deadline),
        ("thoi han hoan thanh", Role::Deadline),
        ("thoi han", Role::Deadline),
        ("tien do", Role::Deadline),
        ("thoi gian", Role::Deadline),
        ("co quan phoi hop", Role::Support),
        ("don vi phoi hop", Role::Support),
        ("phoi hop", Role::Support),
        ("co quan chu tri", Role::Lead),
        ("don vi chu tri", Role::Lead),
        ("co quan thuc hien", Role::Lead),
        ("don vi thuc hien", Role::Lead),
        ("chu tri", Role::Lead),
        ("ten nhiem vu", Role::Name),
        ("noi dung nhiem vu", Role::Name),
        ("noi dung cong viec", Role::Name),
        ("nhiem vu", Role::Name),
        ("noi dung", Role::Name),
        ("don vi tinh", Role::Unit),
        ("chi tieu", Role::Name),
        ("san pham", Role::Result),
        ("ket qua yeu cau", Role::Result),
        ("muc tieu", Role::Target),
        ("stt", Role::Id),
        ("tt", Role::Id),
    ];
    match kind {
        TableKind::Indicators => {
            v.push(("ket qua", Role::Target));
            v.push(("don vi", Role::Unit));
            // In an indicator table "Cơ quan chủ trì" tracks the indicator.
            for p in v.iter_mut() {
                if p.1 == Role::Lead {
                    p.1 = Role::Owner;
                }
            }
        }
        TableKind::Tasks => {
            v.push(("ket qua", Role::Result));
            // "Đơn vị, cá nhân thực hiện": who carries the task out.
            v.push(("ca nhan thuc hien", Role::Lead));
        }
    }
    v
}

/// The table's kind and its columns in order, from the header text.
pub fn columns_from_header(header: &str) -> Option<(TableKind, Vec<Role>)> {
    let (kind, found) = header_phrases(header)?;
    Some((kind, found.into_iter().map(|(_, r)| r).collect()))
}

/// The header text cut before each phrase that names a column ("TT Chỉ tiêu Đơn vị Kết quả …" →
/// "TT", "Chỉ tiêu", "Đơn vị", "Kết quả", …): the header cells of a table whose header is one
/// line of text. Words before the first phrase go with the first cell.
pub fn split_header(header: &str) -> Option<Vec<String>> {
    let text = collapse_ws(header);
    let (_, found) = header_phrases(&text)?;
    let mut cuts: Vec<usize> = found
        .iter()
        .map(|(pos, _)| crate::text::byte_offset(&text, *pos))
        .collect();
    cuts[0] = 0;
    cuts.push(text.len());
    Some(
        cuts.windows(2)
            .map(|w| text[w[0]..w[1]].trim().to_string())
            .collect(),
    )
}

/// The kind of table and the phrases naming its columns, each with the char position where it
/// stands in the header, in order; `None` unless the header names the tasks or indicators and at
/// least two other columns.
fn header_phrases(header: &str) -> Option<(TableKind, Vec<(usize, Role)>)> {
    let f = fold(&collapse_ws(header));
    let kind = if f.contains("nhiem vu") || f.contains("phoi hop") || f.contains("noi dung") {
        TableKind::Tasks
    } else if f.contains("chi tieu") && !f.contains("thong ke") {
        // (a table of "chỉ tiêu thống kê" reports figures reached, not targets: a table of the
        // document, not indicators)
        TableKind::Indicators
    } else {
        return None;
    };
    let mut claimed = vec![false; f.len()];
    let mut found: Vec<(usize, Role)> = Vec::new();
    // A tracking table's "Tiến độ" beside "Thời gian hoàn thành" is progress, not a deadline.
    let has_deadline = f.contains("thoi gian") || f.contains("thoi han");
    for (phrase, role) in role_phrases(kind) {
        let role = if phrase == "tien do" && has_deadline {
            Role::Status
        } else {
            role
        };
        if found.iter().any(|(_, r)| *r == role) {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = f[from..].find(phrase).map(|p| p + from) {
            let end = pos + phrase.len();
            let word_start = pos == 0 || !f.as_bytes()[pos - 1].is_ascii_alphanumeric();
            let word_end = end == f.len() || !f.as_bytes()[end].is_ascii_alphanumeric();
            if word_start && word_end && !claimed[pos..end].iter().any(|&c| c) {
                claimed[pos..end].iter_mut().for_each(|c| *c = true);
                found.push((pos, role));
                break;
            }
            from = pos + 1;
        }
    }
    found.sort_by_key(|(p, _)| *p);
    // Byte positions in the folded text to char positions.
    let found: Vec<(usize, Role)> = found
        .into_iter()
        .map(|(p, r)| (f[..p].chars().count(), r))
        .collect();
    let has_name = found.iter().any(|(_, r)| *r == Role::Name);
    (has_name && found.len() >= 3).then_some((kind, found))
}

/// The role of one header cell ("Cơ quan chủ trì theo dõi, đánh giá" → Owner): the phrase that
/// opens earliest in the cell, the longest where several open at the same place (a header cell
/// names its column first, and may go on with other words: "Nội dung công việc, thời gian").
pub fn role_of_cell(cell: &str, kind: TableKind, has_deadline: bool) -> Option<Role> {
    let f = fold(&collapse_ws(cell));
    if has_deadline && f.starts_with("tien do") {
        return Some(Role::Status);
    }
    let mut best: Option<(usize, usize, Role)> = None;
    for (phrase, role) in role_phrases(kind) {
        let mut from = 0;
        while let Some(pos) = f[from..].find(phrase).map(|p| p + from) {
            let end = pos + phrase.len();
            let word_start = pos == 0 || !f.as_bytes()[pos - 1].is_ascii_alphanumeric();
            let word_end = end == f.len() || !f.as_bytes()[end].is_ascii_alphanumeric();
            if word_start && word_end {
                let better = match best {
                    None => true,
                    Some((p, len, _)) => pos < p || (pos == p && phrase.len() > len),
                };
                if better {
                    best = Some((pos, phrase.len(), role));
                }
                break;
            }
            from = pos + 1;
        }
    }
    best.map(|(_, _, role)| role)
}

/// The kind of a table and the role of each of its columns. `joined` is the whole header in
/// reading order; `columns[c]` the header texts above column c, top to bottom (several where
/// the header has levels: "Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"). The lowest text
/// that names a role gives the column's; a column no role names ("Ghi chú") is `None`: its
/// cells stay in the table but give no field. A table of tasks or indicators names its tasks or
/// indicators and at least two other columns; otherwise `None`.
pub fn column_roles(
    joined: &str,
    columns: &[Vec<String>],
) -> Option<(TableKind, Vec<Option<Role>>)> {
    let (kind, phrase_roles) = columns_from_header(joined)?;
    let f = fold(&collapse_ws(joined));
    let has_deadline = f.contains("thoi gian") || f.contains("thoi han");
    let roles: Vec<Option<Role>> = columns
        .iter()
        .map(|texts| {
            texts.iter().rev().find_map(|t| {
                role_of_cell(t, kind, has_deadline).or_else(|| {
                    // A narrow column breaks even a short word: "ST" / "T".
                    let compact: String = t.split_whitespace().collect();
                    (compact.chars().count() <= 4 && compact.len() < t.len())
                        .then(|| role_of_cell(&compact, kind, has_deadline))
                        .flatten()
                })
            })
        })
        .collect();
    let named = roles.iter().flatten().count();
    // Besides the name, a task needs an agency, a result or a deadline; an indicator a unit, a
    // target or an owner ("Nội dung | Điểm tối đa | Đơn vị góp ý" is no table of tasks).
    let fields: &[Role] = match kind {
        TableKind::Tasks => &[Role::Lead, Role::Support, Role::Result, Role::Deadline],
        TableKind::Indicators => &[Role::Unit, Role::Target, Role::Owner],
    };
    if !roles.iter().flatten().any(|r| fields.contains(r)) {
        return None;
    }
    if roles.contains(&Some(Role::Name)) && named >= 3 {
        return Some((kind, roles));
    }
    // The header's words are not split by column (one cell holding them all): the order of the
    // phrases gives the columns, where there are as many.
    (phrase_roles.len() == columns.len())
        .then(|| (kind, phrase_roles.into_iter().map(Some).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let (k, r) =
            columns_from_header("TT Chỉ tiêu Đơn vị Kết quả Cơ quan chủ trì theo dõi, đánh giá")
                .unwrap();
        assert_eq!(k, TableKind::Indicators);
        assert_eq!(
            r,
            [Role::Id, Role::Name, Role::Unit, Role::Target, Role::Owner]
        );
        let (k, r) = columns_from_header(
            "TT Tên nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành",
        )
        .unwrap();
        assert_eq!(k, TableKind::Tasks);
        assert_eq!(
            r,
            [
                Role::Id,
                Role::Name,
                Role::Lead,
                Role::Support,
                Role::Deadline
            ]
        );
        let (_, r) = columns_from_header(
            "STT Nội dung Thời hạn Đơn vị chủ trì Kết quả/Sản phẩm Đơn vị phối hợp",
        )
        .unwrap();
        assert_eq!(
            r,
            [
                Role::Id,
                Role::Name,
                Role::Deadline,
                Role::Lead,
                Role::Result,
                Role::Support
            ]
        );
    }

    #[test]
    fn header_split_by_phrase_and_roles_by_cell() {
        let h = "STT Tên chỉ tiêu Đơn vị tính Mục tiêu đến năm 2030 Đơn vị chủ trì theo dõi";
        let pieces = split_header(h).unwrap();
        assert_eq!(
            pieces,
            [
                "STT Tên",
                "chỉ tiêu",
                "Đơn vị tính",
                "Mục tiêu đến năm 2030",
                "Đơn vị chủ trì theo dõi"
            ]
        );
        let columns: Vec<Vec<String>> = pieces.iter().map(|p| vec![p.clone()]).collect();
        let (kind, roles) = column_roles(h, &columns).unwrap();
        assert_eq!(kind, TableKind::Indicators);
        assert_eq!(
            roles,
            [
                Some(Role::Id),
                Some(Role::Name),
                Some(Role::Unit),
                Some(Role::Target),
                Some(Role::Owner)
            ]
        );
        // A column no phrase names is kept without a role; a two-level header gives the lower
        // cell's role.
        let columns: Vec<Vec<String>> = vec![
            vec!["TT".into()],
            vec!["Nội dung công việc".into()],
            vec!["Cơ quan thực hiện".into(), "Chủ trì".into()],
            vec!["Cơ quan thực hiện".into(), "Phối hợp".into()],
            vec!["Ghi chú".into()],
        ];
        let (_, roles) = column_roles(
            "TT Nội dung công việc Cơ quan thực hiện Chủ trì Phối hợp Ghi chú",
            &columns,
        )
        .unwrap();
        assert_eq!(
            roles,
            [
                Some(Role::Id),
                Some(Role::Name),
                Some(Role::Lead),
                Some(Role::Support),
                None
            ]
        );
    }
}
