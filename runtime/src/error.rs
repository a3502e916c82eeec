use std::fmt;

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx.
    Api {
        /// The HTTP status code.
        status: u16,
        /// The response body as received (may be empty).
        body: String,
    },
    /// The request could not be sent or the response could not be read (DNS, TLS, connection, ...).
    Transport(reqwest::Error),
    /// A 2xx response whose body does not match the documented schema.
    Decode {
        /// Where in the body decoding failed, as a JSON path (`.data[3].email`), `.` for the root.
        path: String,
        /// What serde reported.
        message: String,
        /// The HTTP status code of the response.
        status: u16,
    },
    /// The client or request was configured with a value that cannot be used; nothing was sent.
    InvalidRequest(String),
}

impl Error {
    /// The HTTP status of the response, for API and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body } if body.is_empty() => write!(f, "API error: HTTP {status}"),
            Error::Api { status, body } => write!(f, "API error: HTTP {status}: {body}"),
            // reqwest's message names the URL, never headers, so the token cannot leak here.
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Decode { path, message, status } => {
                write!(f, "could not decode the HTTP {status} response at `{path}`: {message}")
            }
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}
