//! The hand-written half of every crate `drata-codegen` generates: HTTP transport with retries and
//! timeouts, authentication, typed errors, pagination, parameter encoding and the few value types
//! JSON cannot express on its own.
//!
//! Generated code calls into this crate; applications normally use it through the generated crate's
//! re-exports (`drata::Error`, `drata::BaseUrl`, ...).

#![warn(missing_docs)]

mod client;
mod error;
mod paging;
mod param;
mod retry;
pub mod serde_helpers;
mod value;

pub use client::{ApiClient, ApiKey, BaseUrl, ClientBuilder, FromApiClient, Request, Response};
pub use error::{ApiError, Error};
pub use paging::{collect_all, paginate, Page};
pub use param::{encode_path_segment, ToParam};
pub use retry::{RequestOptions, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, INITIAL_BACKOFF, MAX_BACKOFF};
pub use value::{Base64, FilePart, Multipart};

/// Re-exported so generated code and applications name the same versions.
pub use {chrono, futures_util as futures, reqwest, serde, serde_json};
