//! Writes the page images OCR reads from a PDF (`DIR/<stem>-<page>.pgm`, gray, rulings erased,
//! a table's cells stacked, the rest of such a page stacked apart in `<stem>-<page>-1.pgm`: as
//! handed to Tesseract), with the page segmentation it is read
//! with: a debugging aid. `--own`: each page's own image instead, before anything is done to it.
//! `cargo run --release --example page_images -- [--own] FILE.pdf DIR`
fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let own = args
        .iter()
        .position(|a| a == "--own")
        .map(|i| args.remove(i));
    let [path, dir] = args.as_slice() else {
        eprintln!("usage: page_images [--own] FILE.pdf DIR");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("read the PDF");
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let images = vanban::ingest::ocr::page_images(&bytes, Default::default()).expect("page images");
    for (i, image) in images.iter().enumerate() {
        let read: Vec<_> = match own {
            Some(_) => vec![(image.gray.clone(), None)],
            None => vanban::ingest::ocr::as_read(image)
                .into_iter()
                .map(|(gray, segmentation)| (gray, Some(segmentation)))
                .collect(),
        };
        // The first image as `<stem>-<page>.pgm`, any other (a table page's rest) `-<k>` after.
        for (k, (gray, segmentation)) in read.iter().enumerate() {
            let suffix = if k == 0 {
                String::new()
            } else {
                format!("-{k}")
            };
            let out = std::path::Path::new(dir).join(format!("{stem}-{}{suffix}.pgm", i + 1));
            std::fs::write(&out, gray.to_pgm()).expect("write");
            println!(
                "{} {}x{} {:.0} dpi {:?} {:?}",
                out.display(),
                gray.width,
                gray.height,
                image.dpi(),
                image.source,
                segmentation
            );
        }
    }
}
