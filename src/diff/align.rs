//! Alignment of OTHER's tasks to BASE's.
//!
//! A table plan's rows are one task each and mostly copy distinct central tasks: each row takes
//! the best free BASE task (one-to-one preferred, a strong second merged in). A plan written as
//! prose puts several central tasks in one bullet: each clause of a bullet takes the BASE tasks
//! that explain it, one after another on what is left unexplained, and a BASE task may be
//! taken up by several bullets. Both check what a clause restates of BASE's body (its
//! solutions): a clause that restates one solution does not take up a task that carries out
//! another, and a clause that takes up no task but restates a solution is reported as such. A
//! clause and the task it takes up share their object and the head of one of them (what is
//! made or done, before "theo", "cho", "về", "để" …), not only what it is for. A clause whose
//! object only points at documents ("các văn bản của cấp trên về X") is scored on X and takes
//! up only a task that makes an act. A central task's parts are its clauses and the actions it
//! lists ("…, kết nối hiệu quả và phát triển mạng lưới chuyên gia …"); a bullet's clauses are
//! aligned with the actions they list too ("…, chú trọng xây dựng, củng cố các lực lượng nòng
//! cốt …"). A clause too short to restate a solution of its own ("triển khai bộ tiêu chí đánh
//! giá" among the features of a programme) is a part of what its bullet restates.

use super::clauses::{
    bullet_actions, clauses, listed_actions, listed_objects, MIN_WORDS_BASE, MIN_WORDS_OTHER,
};
use super::items::Solution;
use super::similarity::{
    head, makes_act, object, opens_with_action, pointed_subject, without_partner, Corpus, Vector,
};
use super::verdicts::{compare_leads, Leads};
use super::TaskRef;

/// Matches below this score are not matches.
pub const THRESHOLD: f64 = 0.30;
/// A second BASE task joins a table row's match from this score (and 90% of the first's).
pub const MERGE: f64 = 0.75;
/// A table row left without a match may share an already-taken BASE task from this score.
pub const SHARED: f64 = 0.6;
/// A table row left without a match may take up part of an already-taken BASE task from this
/// score when their objects are shared.
pub const NARROWED: f64 = 0.32;
/// A clause of a bullet takes up a BASE task from this score.
pub const CLAUSE: f64 = 0.36;
/// A clause that states its action and names the object and head of the BASE task it scores
/// best against (each at least `SAME_THING` of its weight in the other's) takes that task up
/// from this score: its own wording around the shared thing ("… để tạo thuận lợi cho người dân
/// và doanh nghiệp", "… theo dự kiến của tỉnh") dilutes the text, not what is done.
pub const NAMED: f64 = 0.32;
pub const SAME_THING: f64 = 0.5;
/// A text restates a solution of BASE's body (and a BASE task carries one out) from this
/// similarity.
pub const RESTATES: f64 = 0.5;
/// The object (the text after the opening verbs, without the field's boilerplate) of a clause
/// or of the BASE task it takes up has at least this share of its weight in the other's:
/// sharing only "Tích cực, chủ động tham gia …" is not enough.
pub const OBJECT: f64 = 0.3;
/// Terms found in more than this share of the tasks are the field's boilerplate, not an object
/// ("khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số").
const BOILERPLATE: f64 = 0.2;
/// A clause takes up at most this many BASE tasks, and stops when less than this share of it
/// is left unexplained.
const MAX_PER_CLAUSE: usize = 3;
const UNEXPLAINED: f64 = 0.3;
/// The head of a clause's object or of the task's has at least this share of its weight in the
/// other's object.
pub const HEAD: f64 = 0.15;
/// Pairs whose texts share less than this are not scored at all.
const MIN_TEXT: f64 = 0.12;

/// One BASE task an OTHER task takes up: its index, the score, and the clause of OTHER that
/// takes it up (none when the whole text does).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub base: usize,
    pub score: f64,
    pub clause: Option<String>,
}

/// What the alignment found: the parts of each OTHER task, and for each BASE task the closest
/// OTHER task and its score (for those not taken up).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub parts: Vec<Vec<Part>>,
    pub closest_other: Vec<Option<(usize, f64)>>,
}

/// A solution of BASE's body that an OTHER task restates, with the similarity.
#[derive(Debug, Clone, PartialEq)]
pub struct Restated {
    pub solution: usize,
    pub score: f64,
}

/// What a clause is about, without the field's boilerplate: its object (the text after the
/// opening verbs) and the head of that object (before "theo", "cho", "về", "để" …).
struct Object {
    object: Vector,
    head: Vector,
    /// The clause states its action before its object ("Tăng cường cung cấp …"), unlike an
    /// item of a list whose action an earlier clause states ("…; hệ thống thông tin địa lý").
    acts: bool,
    /// The object points at documents ("các văn bản của cấp trên về …"): only a task that
    /// makes an act takes it up.
    points: bool,
}

/// The vectors of both sides, built once.
pub struct Scorer<'a> {
    base: &'a [TaskRef],
    other: &'a [TaskRef],
    corpus: Corpus,
    base_vectors: Vec<Vector>,
    /// Each BASE task's whole text and its parts, and their objects.
    base_parts: Vec<Vec<Vector>>,
    base_objects: Vec<Vec<Vector>>,
    base_heads: Vec<Vec<Vector>>,
    other_vectors: Vec<Vector>,
    /// Each OTHER task's text, or its clauses when it has several, with their vectors.
    other_clauses: Vec<Vec<(Option<String>, Vector)>>,
    /// The actions each OTHER task's clauses list, aligned as clauses of their own.
    other_pieces: Vec<Vec<(Option<String>, Vector)>>,
    /// A clause's action on each object it lists, aligned as clauses of their own.
    other_objects: Vec<Vec<(Option<String>, Vector)>>,
    solution_vectors: Vec<Vector>,
    /// The solutions' ids ("II.3.b"), for explaining.
    solution_ids: Vec<String>,
    /// The solution each BASE task carries out best, and how well.
    carries_out: Vec<Option<(usize, f64)>>,
    base_leads: Vec<Leads>,
    other_leads: Vec<Leads>,
    /// Whether each BASE task makes an act (a Chương trình, Nghị định …).
    base_acts: Vec<bool>,
}

impl<'a> Scorer<'a> {
    pub fn new(base: &'a [TaskRef], other: &'a [TaskRef], solutions: &[Solution]) -> Self {
        // Rarity among the tasks being aligned (a central plan's body repeats its own words).
        let corpus = Corpus::new(base.iter().chain(other).map(|t| t.name.as_str()));
        let whole_and_parts = |t: &TaskRef| {
            let mut texts = vec![t.name.clone()];
            texts.extend(clauses(&t.name, MIN_WORDS_BASE));
            // Each action a task (or one of its clauses) lists is a part of its own.
            let listed: Vec<String> = texts
                .iter()
                .flat_map(|p| listed_actions(p, MIN_WORDS_BASE))
                .collect();
            for part in listed {
                if !texts.contains(&part) {
                    texts.push(part);
                }
            }
            texts
        };
        let base_texts: Vec<Vec<String>> = base.iter().map(whole_and_parts).collect();
        // One vector per text of each BASE task (its whole text and its parts).
        let per_text = |vector: &dyn Fn(&str) -> Vector| -> Vec<Vec<Vector>> {
            base_texts
                .iter()
                .map(|ts| ts.iter().map(|t| vector(t)).collect())
                .collect()
        };
        let base_parts = per_text(&|t| corpus.vector(t));
        let base_objects = per_text(&|t| corpus.content_vector(&object(t), BOILERPLATE));
        let base_heads = per_text(&|t| corpus.content_vector(&head(t), BOILERPLATE));
        let base_vectors: Vec<Vector> = base_parts
            .iter()
            .map(|p: &Vec<Vector>| p[0].clone())
            .collect();
        let solution_vectors: Vec<Vector> =
            solutions.iter().map(|s| corpus.vector(&s.text)).collect();
        let carries_out = base_vectors
            .iter()
            .map(|v| best_of(v, &solution_vectors))
            .collect();
        let other_vectors: Vec<Vector> = other.iter().map(|t| corpus.vector(&t.name)).collect();
        let other_clauses = other
            .iter()
            .map(|t| clauses_with_vectors(&corpus, t))
            .collect::<Vec<_>>();
        let other_pieces = other
            .iter()
            .zip(&other_clauses)
            .map(|(t, c)| listed_pieces(&corpus, t, c))
            .collect();
        let other_objects = other
            .iter()
            .zip(&other_clauses)
            .map(|(t, c)| object_pieces(&corpus, t, c))
            .collect();
        Scorer {
            base_acts: base.iter().map(|t| makes_act(&t.name)).collect(),
            base_leads: base.iter().map(|t| Leads::new(&t.lead)).collect(),
            other_leads: other.iter().map(|t| Leads::new(&t.lead)).collect(),
            base,
            other,
            other_vectors,
            other_clauses,
            other_pieces,
            other_objects,
            corpus,
            base_vectors,
            base_parts,
            base_objects,
            base_heads,
            solution_vectors,
            solution_ids: solutions.iter().map(|s| s.id.clone()).collect(),
            carries_out,
        }
    }

    /// Text, agency and pillar combined: the text decides, a matching lead agency and pillar
    /// break near ties.
    fn combine(&self, text: f64, i: usize, j: usize) -> f64 {
        let (b, o) = (&self.base[j], &self.other[i]);
        let (agency, _) = compare_leads(&self.base_leads[j], &self.other_leads[i]);
        let group = match (&b.group, &o.group) {
            (Some(x), Some(y)) if x == y => 1.0,
            _ => 0.0,
        };
        0.80 * text + 0.12 * agency + 0.08 * group
    }

    /// The score of OTHER task `i`'s whole text against BASE task `j`.
    pub fn whole(&self, i: usize, j: usize) -> f64 {
        self.combine(self.other_vectors[i].cosine(&self.base_vectors[j]), i, j)
    }

    /// The score of a clause (its vector) of OTHER task `i` against BASE task `j`: against the
    /// task's whole text or its closest part.
    fn clause_score(&self, clause: &Vector, i: usize, j: usize) -> f64 {
        let text = self.base_parts[j]
            .iter()
            .map(|p| clause.cosine(p))
            .fold(0.0, f64::max);
        self.combine(text, i, j)
    }

    /// One object says much of what the other says (a clause may add to a task, or a task to a
    /// clause, so containment either way rather than likeness).
    fn shares_object(&self, clause_object: &Vector, j: usize) -> bool {
        self.base_objects[j].iter().any(|p| {
            clause_object
                .contained_in(p)
                .max(p.contained_in(clause_object))
                >= OBJECT
        })
    }

    /// The head of one object is in the other: what the clause makes or does is what the task
    /// makes or does, not only what it is for.
    fn shares_head(&self, clause: &Object, j: usize) -> bool {
        self.head_share(clause, j) >= HEAD
    }

    fn head_share(&self, clause: &Object, j: usize) -> f64 {
        self.base_objects[j]
            .iter()
            .zip(&self.base_heads[j])
            .map(|(object, head)| {
                clause
                    .head
                    .contained_in(object)
                    .max(head.contained_in(&clause.object))
            })
            .fold(0.0, f64::max)
    }

    /// The clause names what the task makes or does: it states an action, and most of either
    /// object, and of either head, is in the other's.
    fn names_the_task(&self, clause: &Object, j: usize) -> bool {
        clause.acts
            && self.object_share(&clause.object, j) >= SAME_THING
            && self.head_share(clause, j) >= SAME_THING
    }

    fn object_share(&self, clause_object: &Vector, j: usize) -> f64 {
        self.base_objects[j]
            .iter()
            .map(|p| {
                clause_object
                    .contained_in(p)
                    .max(p.contained_in(clause_object))
            })
            .fold(0.0, f64::max)
    }

    /// The solution a text restates best, when it restates one.
    fn restated(&self, v: &Vector) -> Option<(usize, f64)> {
        best_of(v, &self.solution_vectors).filter(|&(_, s)| s >= RESTATES)
    }

    /// A clause that restates one solution does not take up a task that carries out another.
    fn carries_out_another(&self, restated: Option<(usize, f64)>, j: usize) -> bool {
        match (restated, self.carries_out[j]) {
            (Some((said, _)), Some((done, how))) => how >= RESTATES && said != done,
            _ => false,
        }
    }

    /// A clause too short to restate a solution of its own is a part of what its bullet
    /// restates ("…; giao trách nhiệm người đứng đầu …; triển khai bộ tiêu chí đánh giá" lists
    /// the features of one programme): it does not take up a task that carries out a solution
    /// the bullet does not restate at all.
    fn outside_bullet(&self, bullet: &[usize], j: usize) -> bool {
        match self.carries_out[j] {
            Some((done, how)) => how >= RESTATES && !bullet.is_empty() && !bullet.contains(&done),
            None => false,
        }
    }

    /// Every solution OTHER task `i` restates, by its whole text or by one of its clauses.
    fn bullet_restates(&self, i: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self.restates(i).iter().map(|r| r.solution).collect();
        if let Some((k, _)) = self.restated(&self.other_vectors[i]) {
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    /// Whether a clause (its vector) may take up BASE task `j` by what the clause, or else its
    /// bullet, restates of BASE's body.
    fn fits_restated(&self, v: &Vector, bullet: &[usize], j: usize) -> bool {
        match self.restated(v) {
            Some(said) => !self.carries_out_another(Some(said), j),
            None => !self.outside_bullet(bullet, j),
        }
    }

    fn object_of(&self, text: &str) -> Object {
        Object {
            object: self.corpus.content_vector(&object(text), BOILERPLATE),
            head: self.corpus.content_vector(&head(text), BOILERPLATE),
            acts: opens_with_action(text),
            points: pointed_subject(text).is_some(),
        }
    }

    /// A clause that carries out "the documents on X" takes up only a task that makes one.
    fn fits_pointer(&self, clause: &Object, j: usize) -> bool {
        !clause.points || self.base_acts[j]
    }

    fn clauses_of(&self, i: usize) -> &[(Option<String>, Vector)] {
        &self.other_clauses[i]
    }

    /// What OTHER task `i` is aligned by: its clauses, the actions they list and the objects.
    fn parts_of(&self, i: usize) -> impl Iterator<Item = &(Option<String>, Vector)> {
        self.other_clauses[i]
            .iter()
            .chain(&self.other_pieces[i])
            .chain(&self.other_objects[i])
    }

    /// Whether the `k`-th of `parts_of(i)` is a clause's action on one object it lists. Such a
    /// part names the thing it takes up, so it is not held to what its bullet restates of the
    /// body (the round-5 rule is for a programme's features, which name no thing of their own):
    /// "khai thác dữ liệu dùng chung" takes up the task on shared databases (71) even when its
    /// bullet's other clause restates a solution on platforms.
    fn names_one_object(&self, i: usize, k: usize) -> bool {
        k >= self.other_clauses[i].len() + self.other_pieces[i].len()
    }

    /// The solutions OTHER task `i` restates, one per clause at most, best first.
    pub fn restates(&self, i: usize) -> Vec<Restated> {
        let mut out: Vec<Restated> = Vec::new();
        for (_, v) in self.clauses_of(i) {
            if let Some((solution, score)) = self.restated(v) {
                match out.iter_mut().find(|r| r.solution == solution) {
                    Some(r) => r.score = r.score.max(score),
                    None => out.push(Restated { solution, score }),
                }
            }
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.solution.cmp(&b.solution))
        });
        out
    }

    /// The best score of OTHER task `i` against BASE task `j`, whole or by clause.
    pub fn best_score(&self, i: usize, j: usize) -> f64 {
        self.parts_of(i)
            .map(|(_, v)| self.clause_score(v, i, j))
            .fold(self.whole(i, j), f64::max)
    }
}

impl Scorer<'_> {
    /// OTHER task `i`'s text.
    pub fn other_name(&self, i: usize) -> &str {
        &self.other[i].name
    }

    /// Why OTHER task `i` does or does not take up BASE task `j`, clause by clause: the score
    /// and each gate (for tuning and for reading a miss; not part of the report).
    pub fn explain(&self, i: usize, j: usize) -> String {
        let mut out = format!(
            "whole {:.3}; BASE {}: {}\n",
            self.whole(i, j),
            self.base[j].id,
            self.base[j].name
        );
        let said = |r: Option<(usize, f64)>| {
            r.map_or("-".to_string(), |(k, s)| {
                format!("{} {s:.2}", self.solution_ids[k])
            })
        };
        out.push_str(&format!(
            "  task carries out {}; bullet restates {:?}\n",
            said(self.carries_out[j]),
            self.bullet_restates(i)
                .iter()
                .map(|&k| self.solution_ids[k].as_str())
                .collect::<Vec<_>>()
        ));
        for (clause, v) in self.parts_of(i) {
            let text = clause.as_deref().unwrap_or(&self.other[i].name);
            let o = self.object_of(text);
            let object_share = self.object_share(&o.object, j);
            let head_share = self.head_share(&o, j);
            let score = self.clause_score(v, i, j);
            let better = (0..self.base.len())
                .filter(|&k| self.clause_score(v, i, k) > score)
                .count();
            out.push_str(&format!(
                "  clause {score:.3} (rank {}) object {object_share:.2} head {head_share:.2} restates {} carries_out_another {} fits_pointer {}: {text}\n    head: {}\n",
                better + 1,
                said(self.restated(v)),
                !self.fits_restated(v, &self.bullet_restates(i), j),
                self.fits_pointer(&o, j),
                head(text),
            ));
        }
        out
    }
}

/// A task's text, or its clauses when it has several.
fn clauses_with_vectors(corpus: &Corpus, t: &TaskRef) -> Vec<(Option<String>, Vector)> {
    let parts = clauses(&t.name, MIN_WORDS_OTHER);
    if parts.is_empty() {
        return vec![(None, clause_vector(corpus, &t.name))];
    }
    parts
        .into_iter()
        .map(|c| {
            let v = clause_vector(corpus, &c);
            (Some(c), v)
        })
        .collect()
}

/// The vector a clause of a bullet is scored by. A clause that points at documents is scored
/// on their subject: "các văn bản của cấp trên" says nothing about what is done; nor does the
/// partner of "phối hợp với".
fn clause_vector(corpus: &Corpus, text: &str) -> Vector {
    let text = without_partner(text);
    corpus.vector(&pointed_subject(&text).unwrap_or(text))
}

/// The actions a bullet's clauses (or its text) list, each a clause of its own for alignment
/// ("…, chú trọng xây dựng, củng cố các lực lượng nòng cốt …"), with their vectors. Only for
/// taking up tasks: what a bullet restates of BASE's body is read from its clauses. A piece is
/// a part of a clause, as a central task's listed action is a part of the task: it is aligned
/// on its own from the same length (`MIN_WORDS_BASE`).
fn listed_pieces(
    corpus: &Corpus,
    t: &TaskRef,
    clauses: &[(Option<String>, Vector)],
) -> Vec<(Option<String>, Vector)> {
    let mut out: Vec<(Option<String>, Vector)> = Vec::new();
    for (clause, _) in clauses {
        let text = clause.as_deref().unwrap_or(&t.name);
        for piece in bullet_actions(text, MIN_WORDS_BASE) {
            // A piece that is all verbs ("Tham mưu xây dựng, triển khai …") names no object.
            let known = clauses
                .iter()
                .chain(&out)
                .any(|(c, _)| c.as_ref() == Some(&piece));
            if !known && object(&piece).split_whitespace().count() >= 2 {
                let v = clause_vector(corpus, &piece);
                out.push((Some(piece), v));
            }
        }
    }
    out
}

/// The action of each clause of a bullet (or of its text) on each object it lists
/// ("khai thác các cơ sở dữ liệu chuyên ngành, dữ liệu dùng chung, dữ liệu mở"): three near-
/// identical central tasks (70, 71, 72) are each taken up by one object, where the whole
/// clause, once the first task has explained it, no longer reaches the others.
fn object_pieces(
    corpus: &Corpus,
    t: &TaskRef,
    clauses: &[(Option<String>, Vector)],
) -> Vec<(Option<String>, Vector)> {
    clauses
        .iter()
        .flat_map(|(clause, _)| listed_objects(clause.as_deref().unwrap_or(&t.name)))
        .map(|piece| {
            let v = clause_vector(corpus, &piece);
            (Some(piece), v)
        })
        .collect()
}

fn best_of(v: &Vector, among: &[Vector]) -> Option<(usize, f64)> {
    among
        .iter()
        .enumerate()
        .map(|(k, w)| (k, v.cosine(w)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Table rows: each takes the best free BASE task; a strong second merged in; a row left
/// without one may share a taken task it matches strongly.
pub fn align_table(s: &Scorer) -> Alignment {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..s.other.len() {
        for j in 0..s.base.len() {
            if s.other_vectors[i].cosine(&s.base_vectors[j]) >= MIN_TEXT {
                pairs.push((s.whole(i, j), i, j));
            }
        }
    }
    // Deterministic order: by score, then by position.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut taken = vec![false; s.base.len()];
    let mut assigned: Vec<Vec<Part>> = vec![Vec::new(); s.other.len()];
    for &(score, i, j) in &pairs {
        if score < THRESHOLD || taken[j] {
            continue;
        }
        let merge = assigned[i].first().is_some_and(|first| {
            score >= MERGE && score >= 0.9 * first.score && assigned[i].len() < 3
        });
        if assigned[i].is_empty() || merge {
            assigned[i].push(Part {
                base: j,
                score,
                clause: None,
            });
            taken[j] = true;
        }
    }
    // A row left without a match may take up part of a task another row took: one sector's
    // database of "114 CSDL chuyên ngành", one use of "AI in the important sectors". Strongly
    // alike, or alike and with the same object.
    let row_objects: Vec<Vector> = s
        .other
        .iter()
        .map(|t| s.corpus.content_vector(&object(&t.name), BOILERPLATE))
        .collect();
    for &(score, i, j) in &pairs {
        let narrowed = score >= NARROWED && s.shares_object(&row_objects[i], j);
        if (score >= SHARED || narrowed) && assigned[i].is_empty() {
            assigned[i].push(Part {
                base: j,
                score,
                clause: None,
            });
        }
    }
    // A row still left without a match may take up part of a task by what one of its clauses
    // makes: the head of the clause, scored alone, since what the row's thing is for is what
    // narrows it ("cơ sở dữ liệu, bản đồ số phục vụ quản lý nông hóa - thổ nhưỡng …", one
    // sector's database of "114 Cơ sở dữ liệu quốc gia, Cơ sở dữ liệu chuyên ngành").
    for (i, row) in assigned.iter_mut().enumerate() {
        if row.is_empty() {
            row.extend(narrowed_by_head(s, i));
        }
    }
    // The pairs are in order of score: the first one of a BASE task is its closest.
    let mut closest_other = vec![None; s.base.len()];
    for &(score, i, j) in &pairs {
        closest_other[j].get_or_insert((i, score));
    }
    Alignment {
        parts: assigned,
        closest_other,
    }
}

/// The task a table row takes up part of by the head of one of its clauses (or of its text),
/// the best such, when that head scores `NARROWED` and the clause shares the task's object.
fn narrowed_by_head(s: &Scorer, i: usize) -> Option<Part> {
    let row = &s.other[i].name;
    let texts: Vec<&str> = match s.other_clauses[i].as_slice() {
        [(None, _)] => vec![row.as_str()],
        parts => parts.iter().filter_map(|(c, _)| c.as_deref()).collect(),
    };
    let mut best: Option<Part> = None;
    for text in texts {
        let o = s.object_of(text);
        let v = s.corpus.vector(&head(text));
        for j in 0..s.base.len() {
            let score = s.clause_score(&v, i, j);
            let better = best.as_ref().is_none_or(|b| score > b.score);
            if better && score >= NARROWED && s.shares_object(&o.object, j) {
                best = Some(Part {
                    base: j,
                    score,
                    clause: None,
                });
            }
        }
    }
    best
}

/// Bullets: every clause takes the BASE tasks that explain it, best first, each on what the
/// ones before left unexplained.
pub fn align_prose(s: &Scorer) -> Alignment {
    let parts = (0..s.other.len())
        .map(|i| {
            let mut parts: Vec<Part> = Vec::new();
            let bullet = s.bullet_restates(i);
            for (k, (clause, v)) in s.parts_of(i).enumerate() {
                let text = clause.as_deref().unwrap_or(&s.other[i].name);
                let own: &[usize] = if s.names_one_object(i, k) {
                    &[]
                } else {
                    &bullet
                };
                for (j, score) in pursue(s, i, v.clone(), &s.object_of(text), own) {
                    match parts.iter_mut().find(|p| p.base == j) {
                        Some(p) if p.score >= score => {}
                        Some(p) => {
                            p.score = score;
                            p.clause = clause.clone();
                        }
                        None => parts.push(Part {
                            base: j,
                            score,
                            clause: clause.clone(),
                        }),
                    }
                }
            }
            parts.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.base.cmp(&b.base)));
            parts
        })
        .collect();
    let closest_other = (0..s.base.len())
        .map(|j| {
            (0..s.other.len())
                .map(|i| (i, s.whole(i, j)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        })
        .collect();
    Alignment {
        parts,
        closest_other,
    }
}

/// The BASE tasks that explain one clause, one after another.
fn pursue(
    s: &Scorer,
    i: usize,
    mut v: Vector,
    object: &Object,
    bullet: &[usize],
) -> Vec<(usize, f64)> {
    let mut picked: Vec<(usize, f64)> = Vec::new();
    while picked.len() < MAX_PER_CLAUSE {
        // The first task may be taken from `NAMED` when the clause names what it does.
        let floor = if picked.is_empty() && object.acts {
            NAMED
        } else {
            CLAUSE
        };
        let mut candidates: Vec<(f64, usize)> = (0..s.base.len())
            .filter(|j| picked.iter().all(|p| p.0 != *j))
            .map(|j| (s.clause_score(&v, i, j), j))
            .filter(|&(score, _)| score >= floor)
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let best = candidates.first().map(|c| c.1);
        let Some(&(score, j)) = candidates.iter().find(|&&(score, j)| {
            (score >= CLAUSE || (Some(j) == best && s.names_the_task(object, j)))
                && s.fits_restated(&v, bullet, j)
                && s.fits_pointer(object, j)
                && s.shares_object(&object.object, j)
                && s.shares_head(object, j)
        }) else {
            break;
        };
        picked.push((j, score));
        let (rest, left) = v.residual(&s.base_vectors[j]);
        if left < UNEXPLAINED {
            break;
        }
        v = rest;
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str) -> TaskRef {
        TaskRef {
            name: name.to_string(),
            ..Default::default()
        }
    }

    #[test]
    fn sharing_only_the_scope_is_not_sharing_the_head() {
        // 03/NQ-CP's tasks 33 and 136, and a clause of Hậu Giang's plan that takes up 136: it
        // shares 33's field ("khoa học cơ bản, kỹ thuật then chốt và công nghệ chiến lược")
        // but not what 33 makes (a decree on scholarships).
        let field = "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số";
        let fillers = [
            "hạ tầng năng lượng",
            "kinh tế số",
            "đô thị thông minh",
            "bản sao số",
            "dịch vụ công",
            "trung tâm dữ liệu",
            "chữ ký số",
            "bệnh án điện tử",
            "sàn giao dịch",
            "khu công nghệ",
        ];
        let mut base = vec![
            task("Xây dựng Nghị định quy định chính sách học bổng cho người học các ngành khoa học cơ bản, kỹ thuật then chốt và công nghệ chiến lược."),
            task("Xây dựng cơ sở dữ liệu về chuyên gia, trí thức Việt Nam ở nước ngoài, tiếp cận, phát huy, kết nối hiệu quả và phát triển mạng lưới chuyên gia, nhà khoa học trong và ngoài nước."),
        ];
        base.extend(
            fillers
                .iter()
                .map(|f| task(&format!("Xây dựng Đề án {f} để {field}"))),
        );
        let clause = "Kết nối với mạng lưới chuyên gia, nhà khoa học quốc tế theo các lĩnh vực khoa học cơ bản, kỹ thuật then chốt và công nghệ chiến lược";
        let other = [task(clause)];
        let s = Scorer::new(&base, &other, &[]);
        let object = s.object_of(clause);
        assert!(!s.shares_head(&object, 0));
        assert!(s.shares_head(&object, 1));
    }

    #[test]
    fn a_clause_that_names_the_task_takes_it_from_a_lower_score() {
        // 03/NQ-CP's task 92 and 113, and clauses of two An Giang plans.
        let mut base = vec![
            task("Xây dựng Kế hoạch nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình; cung cấp dịch vụ số mới được cá nhân hóa, dựa trên dữ liệu cho người dân và doanh nghiệp"),
            task("Xây dựng, phát triển Bộ chỉ số, Hệ thống thông tin phục vụ chỉ đạo, điều hành của Chính phủ trên hạ tầng của Trung tâm Dữ liệu quốc gia theo quy định."),
        ];
        let fillers = [
            "hạ tầng năng lượng",
            "kinh tế số",
            "đô thị thông minh",
            "bản sao số",
            "chữ ký số",
            "bệnh án điện tử",
            "sàn giao dịch",
            "khu công nghệ",
        ];
        base.extend(fillers.iter().map(|f| task(&format!("Xây dựng Đề án {f}"))));
        let services = "Tăng cường cung cấp các dịch vụ công trực tuyến để tạo thuận lợi cho người dân và doanh nghiệp";
        let system = "hệ thống thông tin địa lý";
        let other = [task(services), task(system)];
        let s = Scorer::new(&base, &other, &[]);
        // The clause states its action and names the task's object and head.
        assert!(s.names_the_task(&s.object_of(services), 0));
        // A list item without its action ("…; hệ thống thông tin địa lý") shares "hệ thống
        // thông tin" with 113 but does not say what is done with it.
        assert!(!s.object_of(system).acts);
        assert!(!s.names_the_task(&s.object_of(system), 1));
        // Nor does a clause name a task whose object it does not hold.
        assert!(!s.names_the_task(&s.object_of(services), 1));
    }
}
