//! Writes the page images OCR reads from a PDF (`DIR/<stem>-<page>.pgm`, gray, rulings erased:
//! as handed to Tesseract), with the page segmentation it is read with: a debugging aid.
//! `cargo run --release --example page_images -- FILE.pdf DIR`
fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: page_images FILE.pdf DIR");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("read the PDF");
    let stem = std::path::Path::new(&path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let images = vanban::ingest::ocr::page_images(&bytes, Default::default()).expect("page images");
    for (i, (image, segmentation)) in images.iter().enumerate() {
        let out = std::path::Path::new(&dir).join(format!("{stem}-{}.pgm", i + 1));
        std::fs::write(&out, image.gray.to_pgm()).expect("write");
        println!(
            "{} {:.0} dpi {:?} {:?}",
            out.display(),
            image.dpi(),
            image.source,
            segmentation
        );
    }
}
