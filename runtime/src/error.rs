use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// Everything that can go wrong when calling the API.
///
/// `E` is the type of the error body the spec documents (a generated crate fixes it, e.g.
/// `Error = Error<ErrorResponse>`); it defaults to any JSON.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status outside 2xx (after any retries). Boxed, so `Result`s stay small.
    Api(Box<ApiError<E>>),
    /// The overall timeout passed before a response arrived (after any retries).
    Timeout {
        /// The configured timeout.
        after: Duration,
        /// Requests sent before giving up.
        attempts: u32,
    },
    /// The request could not be sent or the response could not be read (DNS, TLS, connection, ...).
    Transport(reqwest::Error),
    /// The response body was longer than the configured maximum (`RequestOptions::max_response_bytes`).
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The HTTP status of the response.
        status: u16,
    },
    /// A 2xx response whose body does not match the documented schema. It carries the body, so
    /// nothing the server said is lost; `send_value()` and `send_raw()` on every request builder
    /// get at the data without the schema.
    Decode(Box<DecodeError>),
    /// The client or request was configured with a value that cannot be used; nothing was sent.
    InvalidRequest(String),
    /// Reading a file to send failed (`FilePart::from_path`).
    Io(std::io::Error),
}

/// A non-2xx response.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E = serde_json::Value> {
    /// The HTTP status code.
    pub status: u16,
    /// The error body, when it parses as the documented error schema.
    pub body: Option<E>,
    /// The body as received (may be empty), useful when `body` is `None`.
    pub raw: String,
    /// The request id the server returned (`x-request-id` or a similar header), for support tickets.
    pub request_id: Option<String>,
    /// What the spec says this status means for this operation, when it documents it.
    pub description: Option<&'static str>,
    /// The response headers.
    pub headers: HeaderMap,
}

/// A 2xx response whose body does not match the documented schema.
#[derive(Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status code of the response.
    pub status: u16,
    /// Where in the body decoding failed, as a JSON path (`data[3].user.id`), `.` for the root.
    /// For a missing member it names the member.
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The body as received (lossy UTF-8), the API key replaced by `<redacted>` should the server
    /// echo it, then cut at [`DecodeError::MAX_BODY`] bytes.
    pub body: String,
    /// The length of the whole body, in bytes.
    pub body_len: usize,
    /// The page being fetched, when the error comes from a paginating stream.
    pub page: Option<i64>,
}

impl DecodeError {
    /// How much of the body a decode error keeps: 64 KiB.
    pub const MAX_BODY: usize = 64 * 1024;

    pub(crate) fn new(
        status: u16,
        path: String,
        message: String,
        body: &[u8],
        redact: impl Fn(String) -> String,
    ) -> Self {
        // Redacted before it is cut: a credential the cut splits would otherwise survive in part.
        let mut kept = redact(String::from_utf8_lossy(body).into_owned());
        if kept.len() > Self::MAX_BODY {
            let end = (0..=Self::MAX_BODY).rev().find(|&i| kept.is_char_boundary(i)).unwrap_or(0);
            kept.truncate(end);
        }
        DecodeError { status, path, message, body: kept, body_len: body.len(), page: None }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body can be 64 KiB: enough of it to recognise, the rest is in the field.
        let end = self.body.char_indices().nth(200).map_or(self.body.len(), |(i, _)| i);
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field(
                "body",
                &format_args!(
                    "{:?}{} ({} bytes)",
                    &self.body[..end],
                    if end < self.body.len() { "..." } else { "" },
                    self.body_len
                ),
            )
            .field("page", &self.page)
            .finish()
    }
}

/// Headers servers and gateways use for a request id, in the order they are looked at.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id", "cf-ray"];

impl<E: serde::de::DeserializeOwned> ApiError<E> {
    pub(crate) fn new(status: u16, headers: HeaderMap, raw: String, description: Option<&'static str>) -> Self {
        let request_id =
            REQUEST_ID_HEADERS.iter().find_map(|name| headers.get(*name)?.to_str().ok()).map(str::to_owned);
        ApiError { status, body: serde_json::from_str(&raw).ok(), raw, request_id, description, headers }
    }
}

impl<E> Error<E> {
    /// The HTTP status of the response, for API and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The decode error, if a 2xx body did not match the documented schema.
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match self {
            Error::Decode(e) => Some(e),
            _ => None,
        }
    }

    /// The parsed error body, if the server sent one matching the documented schema.
    pub fn body(&self) -> Option<&E> {
        self.api_error()?.body.as_ref()
    }

    // Statuses any API can answer with, documented or not. A generated crate adds checks for the
    // other statuses its spec documents (its `ErrorExt`), named and described by the spec.

    /// HTTP 401: the credentials are missing, wrong or revoked.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// HTTP 403: the credentials lack a permission the operation requires.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// HTTP 404: no such resource.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// HTTP 429: too many requests, even after the retries.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// HTTP 5xx.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|s| s >= 500)
    }

    /// The overall timeout passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => {
                write!(f, "API error: HTTP {}", e.status)?;
                if let Some(d) = e.description {
                    write!(f, " ({d})")?;
                }
                let raw = e.raw.trim();
                if !raw.is_empty() {
                    // Enough of the body to see the server's message, not a whole HTML error page.
                    let end = raw.char_indices().nth(300).map_or(raw.len(), |(i, _)| i);
                    write!(f, ": {}{}", &raw[..end], if end < raw.len() { "..." } else { "" })?;
                }
                if let Some(id) = &e.request_id {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
            Error::Timeout { after, attempts } => {
                write!(f, "no response within {after:?} ({attempts} attempt{})", if *attempts == 1 { "" } else { "s" })
            }
            // reqwest's message names the URL, never headers, so the token cannot leak here.
            Error::Transport(e) => {
                write!(f, "transport error: {e}")?;
                // The causes say what actually failed (connection refused, TLS, DNS).
                let mut source = std::error::Error::source(e);
                while let Some(cause) = source {
                    write!(f, ": {cause}")?;
                    source = cause.source();
                }
                Ok(())
            }
            Error::Decode(e) => {
                write!(f, "could not decode the HTTP {} response", e.status)?;
                if let Some(page) = e.page {
                    write!(f, " for page {page}")?;
                }
                write!(f, " at `{}`: {} ({} bytes of body kept in the error)", e.path, e.message, e.body.len())
            }
            Error::ResponseTooLarge { limit, status } => {
                write!(f, "the HTTP {status} response body is longer than the {limit}-byte limit")
            }
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Io(e) => write!(f, "cannot read the file to send: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<std::io::Error> for Error<E> {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}
