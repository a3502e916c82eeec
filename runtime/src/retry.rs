//! Retry and timeout settings, exponential backoff with jitter, and `Retry-After`.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// Default number of times a request is sent in all: the first try and two retries.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default time one call may take in all, retries and waits included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// First backoff step; each retry doubles it, up to [`MAX_BACKOFF`].
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Longest wait between two attempts when the server does not say (`Retry-After` can ask for more).
pub const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Default largest response body read; more is an error, so an endless body cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Retry and timeout settings, set on the client builder and overridable per request. Unset values
/// fall back to the client's, then to the defaults:
///
/// | setting | default |
/// |---------|---------|
/// | `max_attempts` | 3 (the first try and two retries) |
/// | `timeout` | 60 s for the whole call, retries and waits included |
/// | `retry_non_idempotent` | `false`: POST and PATCH are sent once |
/// | `max_response_bytes` | 64 MiB: a longer body ends the call with `Error::ResponseTooLarge` |
///
/// Retried: HTTP 429, 500, 502, 503 and 504, and connection failures, waiting `Retry-After` when the
/// server sends it and otherwise an exponential backoff (0.5 s, 1 s, 2 s, ... up to 8 s) with full jitter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestOptions {
    max_attempts: Option<u32>,
    timeout: Option<Option<Duration>>,
    retry_non_idempotent: Option<bool>,
    initial_backoff: Option<Duration>,
    max_response_bytes: Option<usize>,
}

impl RequestOptions {
    /// Nothing set: everything comes from the client (or the defaults).
    pub fn new() -> Self {
        Self::default()
    }

    /// How many times a request may be sent in all; `1` turns retries off.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// The time one call may take in all, retries and waits included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// No overall timeout (a stalled connection can then wait forever).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// Also retry POST and PATCH, which the server may already have carried out.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = Some(retry);
        self
    }

    /// The largest response body to read (default 64 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// The first backoff step (default 0.5 s); mostly for tests.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = Some(backoff);
        self
    }

    /// `self` with every value `other` sets replaced.
    pub(crate) fn overridden_by(&self, other: &RequestOptions) -> RequestOptions {
        RequestOptions {
            max_attempts: other.max_attempts.or(self.max_attempts),
            timeout: other.timeout.or(self.timeout),
            retry_non_idempotent: other.retry_non_idempotent.or(self.retry_non_idempotent),
            initial_backoff: other.initial_backoff.or(self.initial_backoff),
            max_response_bytes: other.max_response_bytes.or(self.max_response_bytes),
        }
    }

    pub(crate) fn response_limit(&self) -> usize {
        self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES)
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS)
    }

    pub(crate) fn overall_timeout(&self) -> Option<Duration> {
        self.timeout.unwrap_or(Some(DEFAULT_TIMEOUT))
    }

    pub(crate) fn retries_non_idempotent(&self) -> bool {
        self.retry_non_idempotent.unwrap_or(false)
    }
}

/// The wait before attempt `attempt + 1`: a random time up to `initial * 2^(attempt-1)`, capped.
pub(crate) fn backoff(options: &RequestOptions, attempt: u32) -> Duration {
    let initial = options.initial_backoff.unwrap_or(INITIAL_BACKOFF);
    let cap = initial.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(MAX_BACKOFF.max(initial));
    // Full jitter: clients that failed together do not retry together.
    cap.mul_f64(fastrand::f64())
}

/// The server's `Retry-After`, in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2,000 waits before attempt `attempt + 1`, as fractions of `cap`: (smallest, largest, mean).
    fn spread(options: &RequestOptions, attempt: u32, cap: Duration) -> (f64, f64, f64) {
        let waits: Vec<f64> = (0..2_000).map(|_| backoff(options, attempt).as_secs_f64() / cap.as_secs_f64()).collect();
        let min = waits.iter().copied().fold(f64::INFINITY, f64::min);
        let max = waits.iter().copied().fold(0.0, f64::max);
        (min, max, waits.iter().sum::<f64>() / waits.len() as f64)
    }

    #[test]
    fn backoff_doubles_up_to_eight_seconds_with_full_jitter() {
        // The documented schedule (README, `RequestOptions`): 0.5 s, 1 s, 2 s, ... capped at 8 s.
        let ms = Duration::from_millis;
        let schedule = [ms(500), ms(1_000), ms(2_000), ms(4_000), ms(8_000), ms(8_000), ms(8_000)];
        let defaults = RequestOptions::new();
        for (attempt, cap) in (1..).zip(schedule) {
            // Full jitter: anywhere between nothing and the step, evenly, never past it.
            let (min, max, mean) = spread(&defaults, attempt, cap);
            assert!(max <= 1.0, "attempt {attempt}: a wait past {cap:?}");
            assert!(min < 0.05 && max > 0.95, "attempt {attempt}: waits span {min:.3}..{max:.3} of {cap:?}");
            assert!((0.45..0.55).contains(&mean), "attempt {attempt}: mean {mean:.3} of {cap:?}");
        }
        assert!(backoff(&defaults, 40) <= MAX_BACKOFF, "the exponent saturates instead of overflowing");
        // A smaller first step (tests use 5 ms) doubles the same way.
        let fast = RequestOptions::new().initial_backoff(ms(5));
        for (attempt, cap) in (1..).zip([ms(5), ms(10), ms(20), ms(40)]) {
            let (min, max, mean) = spread(&fast, attempt, cap);
            assert!(max <= 1.0 && min < 0.05 && max > 0.95 && (0.45..0.55).contains(&mean), "attempt {attempt}");
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        h.insert(RETRY_AFTER, later.parse().unwrap());
        let wait = retry_after(&h).unwrap();
        assert!(wait > Duration::from_secs(27) && wait <= Duration::from_secs(30), "{wait:?}");
        h.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn request_options_override_client_options() {
        let client = RequestOptions::new().max_attempts(5).timeout(Duration::from_secs(1));
        let merged = client.overridden_by(&RequestOptions::new().max_attempts(1));
        assert_eq!(merged.attempts(), 1);
        assert_eq!(merged.overall_timeout(), Some(Duration::from_secs(1)));
        assert_eq!(RequestOptions::new().overall_timeout(), Some(DEFAULT_TIMEOUT));
        assert_eq!(client.overridden_by(&RequestOptions::new().no_timeout()).overall_timeout(), None);
    }
}
