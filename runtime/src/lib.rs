//! The hand-written half of every crate `drata-codegen` generates: HTTP transport, authentication,
//! errors, parameter encoding and the few value types JSON cannot express on its own.
//!
//! Generated code calls into this crate; applications normally use it through the generated crate's
//! re-exports (`drata::Error`, `drata::BaseUrl`, ...).

mod client;
mod error;
mod param;
pub mod serde_helpers;
mod value;

pub use client::{ApiClient, BaseUrl, ClientBuilder, Request};
pub use error::Error;
pub use param::{encode_path_segment, ToParam};
pub use value::{json_part, Base64, FilePart};

/// Re-exported so generated code and applications name the same versions.
pub use {chrono, reqwest, serde, serde_json};
