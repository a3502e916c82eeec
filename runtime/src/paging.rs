//! Auto-pagination: a lazy stream of items over page/limit endpoints.

use crate::Error;
use futures_util::stream::{self, Stream};
use std::collections::VecDeque;
use std::future::Future;

/// One fetched page: its items and, when the response says, the total across all pages.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The total number of items, if the response reports it.
    pub total: Option<i64>,
}

/// Streams the items of every page, starting at `first_page`, fetching each page only when the
/// previous one is used up. Stops after the page that reaches `total`, after a page shorter than
/// `limit` (when known), after an empty page, or after an error (which is yielded; a page that
/// does not decode says which page it was).
pub fn paginate<'a, T, E, F, Fut>(
    first_page: i64,
    limit: Option<i64>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    T: 'a,
    E: 'a,
    F: FnMut(i64) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + 'a,
{
    struct State<T, F> {
        fetch: F,
        next_page: Option<i64>,
        buffer: VecDeque<T>,
        seen: i64,
    }
    let state = State { fetch, next_page: Some(first_page), buffer: VecDeque::new(), seen: 0 };
    stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let page = state.next_page?;
            match (state.fetch)(page).await {
                Err(mut e) => {
                    state.next_page = None;
                    if let Error::Decode(decode) = &mut e {
                        decode.page = Some(page);
                    }
                    return Some((Err(e), state));
                }
                Ok(Page { items, total }) => {
                    let count = items.len() as i64;
                    state.seen += count;
                    let done = count == 0 || total.is_some_and(|t| state.seen >= t) || limit.is_some_and(|l| count < l);
                    state.next_page = if done { None } else { Some(page + 1) };
                    state.buffer.extend(items);
                }
            }
        }
    })
}

/// Collects every item of a paginated stream, stopping at the first error.
pub async fn collect_all<T, E>(stream: impl Stream<Item = Result<T, Error<E>>>) -> Result<Vec<T>, Error<E>> {
    use futures_util::TryStreamExt;
    stream.try_collect().await
}
