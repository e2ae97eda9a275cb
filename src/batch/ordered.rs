//! A parallel map that hands results back in input order as soon as each is ready: items are
//! dispatched to a thread pool while at most `window` of them are in flight or waiting to be
//! handed back, so memory stays bounded however long the stream and however slow one item.
//! The first result is handed back when the first item is done, not when a round is.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::mpsc;
use std::sync::Arc;

enum Message<R> {
    Done(usize, R),
    /// The stream ended after this many items.
    End(usize),
}

/// Maps `items` through `work` on `pool` and calls `emit` with each result in input order.
/// `emit` may stop the run early (`ControlFlow::Break`): nothing more is dispatched, and the
/// items in flight finish unobserved. Reading `items` happens on a thread of its own, so a
/// stream that blocks (a list read from a pipe) delays no result that is already done.
pub fn ordered_map<T, R>(
    pool: Arc<rayon::ThreadPool>,
    window: usize,
    items: impl Iterator<Item = T> + Send + 'static,
    work: impl Fn(T) -> R + Send + Sync + 'static,
    mut emit: impl FnMut(R) -> ControlFlow<()>,
) where
    T: Send + 'static,
    R: Send + 'static,
{
    let window = window.max(1);
    let (results, received) = mpsc::channel::<Message<R>>();
    // A slot is taken before an item is dispatched and given back when its result is handed
    // on: the tokens in this channel are the free slots.
    let (free, take_slot) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        free.send(()).expect("the channel holds `window` tokens");
    }
    let work = Arc::new(work);
    let dispatch = {
        let results = results.clone();
        move || {
            let mut count = 0;
            for item in items {
                if take_slot.recv().is_err() {
                    return; // the consumer stopped
                }
                let (work, results) = (Arc::clone(&work), results.clone());
                let seq = count;
                pool.spawn(move || {
                    let _ = results.send(Message::Done(seq, work(item)));
                });
                count += 1;
            }
            let _ = results.send(Message::End(count));
        }
    };
    drop(results);
    // Not joined: on an early stop it may be blocked reading its input, and the process is
    // about to end.
    std::thread::spawn(dispatch);

    let mut waiting = BTreeMap::new();
    let mut next = 0usize;
    let mut total = None;
    while total != Some(next) {
        match received.recv() {
            Ok(Message::Done(seq, r)) => {
                waiting.insert(seq, r);
            }
            Ok(Message::End(n)) => total = Some(n),
            Err(_) => return, // a worker panicked past its own guard; nothing more comes
        }
        while let Some(r) = waiting.remove(&next) {
            next += 1;
            if emit(r).is_break() {
                return;
            }
            let _ = free.send(());
        }
    }
}
