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
