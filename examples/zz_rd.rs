fn main() {
    let t = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for page in t.split('\x0c') {
        let r = vanban::ingest::ocr::readability::Readability::of(page);
        println!("{:?} {:.2} {:?}", r, r.score(), r.verdict());
    }
}
