//! Auto-pagination: lazy streams of pages and of items over page/limit endpoints.

use crate::{BoxFuture, Error};
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use std::future::Future;

/// One fetched page: the response, how many items it holds and, when the response says, the total
/// across all pages.
#[derive(Debug, Clone)]
pub struct Page<P> {
    /// The response as decoded.
    pub value: P,
    /// The number of items on this page.
    pub count: usize,
    /// The total number of items, if the response reports it.
    pub total: Option<i64>,
}

/// Streams every page, starting at `first_page`, fetching each one only when the previous one has
/// been taken. Stops after the page that reaches `total`, after a page shorter than `limit` (when
/// known), after an empty page, or after an error (which is yielded; a page that does not decode
/// says which page it was).
///
/// The stream owns everything it needs: it is `Send + 'static` and `Unpin`, so it can be spawned,
/// stored and polled with `try_next()` as it is.
pub fn pages<P, E, F, Fut>(first_page: i64, limit: Option<i64>, fetch: F) -> BoxStream<'static, Result<P, Error<E>>>
where
    P: Send + 'static,
    E: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<P>, Error<E>>> + Send + 'static,
{
    struct State<F> {
        fetch: F,
        next_page: Option<i64>,
        seen: i64,
    }
    let state = State { fetch, next_page: Some(first_page), seen: 0 };
    stream::unfold(state, move |mut state| async move {
        let page = state.next_page?;
        match (state.fetch)(page).await {
            Err(mut e) => {
                state.next_page = None;
                if let Error::Decode(decode) = &mut e {
                    decode.page = Some(page);
                }
                Some((Err(e), state))
            }
            Ok(Page { value, count, total }) => {
                let count = i64::try_from(count).unwrap_or(i64::MAX);
                state.seen = state.seen.saturating_add(count);
                let done = count == 0 || total.is_some_and(|t| state.seen >= t) || limit.is_some_and(|l| count < l);
                state.next_page = if done { None } else { Some(page + 1) };
                Some((Ok(value), state))
            }
        }
    })
    .boxed()
}

/// The items of every page of `pages`, in order, each page's items taken out by `items`.
pub fn items<P, T, E>(
    pages: BoxStream<'static, Result<P, Error<E>>>,
    items: fn(P) -> Vec<T>,
) -> BoxStream<'static, Result<T, Error<E>>>
where
    P: Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    pages.map_ok(move |page| stream::iter(items(page).into_iter().map(Ok))).try_flatten().boxed()
}

/// Collects every item of a paginated stream, stopping at the first error.
pub fn collect_all<T: Send + 'static, E: Send + 'static>(
    stream: BoxStream<'static, Result<T, Error<E>>>,
) -> BoxFuture<Result<Vec<T>, Error<E>>> {
    Box::pin(stream.try_collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The page numbers a stream fetched, in order.
    type Fetched = Arc<Mutex<Vec<i64>>>;

    /// A stream over `book` (page number to the item count it holds, 1-based) that records the
    /// pages it fetched.
    fn stream_over(
        book: Vec<usize>,
        limit: Option<i64>,
        total: Option<i64>,
    ) -> (BoxStream<'static, Result<usize, Error>>, Fetched) {
        let fetched = Arc::new(Mutex::new(Vec::new()));
        let log = fetched.clone();
        let stream = pages(1, limit, move |page| {
            log.lock().unwrap().push(page);
            let count = usize::try_from(page - 1).ok().and_then(|i| book.get(i).copied()).unwrap_or(0);
            async move { Ok(Page { value: count, count, total }) }
        });
        (stream, fetched)
    }

    async fn run(book: Vec<usize>, limit: Option<i64>, total: Option<i64>) -> (Vec<usize>, Vec<i64>) {
        let (stream, fetched) = stream_over(book, limit, total);
        let counts = stream.try_collect().await.unwrap();
        let fetched = fetched.lock().unwrap().clone();
        (counts, fetched)
    }

    #[tokio::test]
    async fn full_pages_stop_at_the_total() {
        // Two full pages reach the total of 4: a third page exists but is never asked for.
        assert_eq!(run(vec![2, 2, 2], Some(2), Some(4)).await, (vec![2, 2], vec![1, 2]));
        // Without a known page size, the total alone stops the stream.
        assert_eq!(run(vec![2, 2, 2], None, Some(4)).await, (vec![2, 2], vec![1, 2]));
    }

    #[tokio::test]
    async fn an_empty_page_ends_the_stream() {
        // No total and no page size: only the empty page tells the end.
        assert_eq!(run(vec![2, 0, 2], None, None).await, (vec![2, 0], vec![1, 2]));
        // A total that claims more does not keep an empty page from ending it.
        assert_eq!(run(vec![2, 0, 2], None, Some(99)).await, (vec![2, 0], vec![1, 2]));
    }

    #[tokio::test]
    async fn a_short_page_ends_the_stream() {
        assert_eq!(run(vec![2, 1, 2], Some(2), Some(99)).await, (vec![2, 1], vec![1, 2]));
        // Full pages and no total: on until a page comes back short.
        assert_eq!(run(vec![2, 2, 2, 1, 2], Some(2), None).await, (vec![2, 2, 2, 1], vec![1, 2, 3, 4]));
    }

    #[tokio::test]
    async fn nothing_is_fetched_before_the_stream_is_polled() {
        let (mut stream, fetched) = stream_over(vec![2, 2], Some(2), None);
        assert!(fetched.lock().unwrap().is_empty());
        assert_eq!(stream.try_next().await.unwrap(), Some(2));
        assert_eq!(*fetched.lock().unwrap(), [1]);
    }
}
