//! The hand-written half of a generated API client: HTTP transport with retries and
//! timeouts, authentication, typed errors, pagination, parameter encoding and the few value types
//! JSON cannot express on its own.
//!
//! Generated code calls into this crate; applications normally use it through the generated crate's
//! re-exports (`Error`, `BaseUrl`, ...).

#![warn(missing_docs)]

mod client;
mod error;
mod expandable;
#[doc(hidden)]
pub mod object;
mod paging;
mod param;
mod retry;
#[doc(hidden)]
pub mod serde_helpers;
mod style;
mod value;

/// `#[derive(rt::Object)]`: see [`object`].
#[doc(hidden)]
pub use object_derive::Object;

pub use client::{ApiClient, ApiKey, BaseUrl, ClientBuilder, Credential, FromApiClient, Response, Security};
pub use error::{ApiError, DecodeError, Error};
pub use expandable::Expandable;
pub use param::ToParam;
pub use retry::{
    RequestOptions, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, INITIAL_BACKOFF, MAX_BACKOFF,
};
pub use style::Style;
pub use value::{Base64, FilePart, UnknownValue};

/// What a request builder's `send()` (and the other `send_*` methods, and `collect_all()`)
/// return: an owned future, `Send + 'static`, to `.await` or to spawn.
pub type BoxFuture<T> = futures_util::future::BoxFuture<'static, T>;

// What generated code calls and applications never need: kept out of the documentation.
#[doc(hidden)]
pub use {
    client::{body, Request},
    paging::{collect_all, items, pages, Page},
    param::encode_path_segment,
    value::Multipart,
};

/// The traits a user of a generated client needs in scope: `try_next()`, `try_collect()`,
/// `next()`, ... on the streams `stream()` and `pages()` return. A generated crate's `prelude`
/// re-exports them.
pub mod prelude {
    #[doc(no_inline)]
    pub use futures_util::{StreamExt, TryStreamExt};
}

/// Re-exported so generated code and applications name the same versions.
pub use {chrono, futures_util as futures, reqwest, serde, serde_json};

/// A request builder's escape hatches, the same in every builder: `send_value()` and `send_raw()`
/// (see the README). Expanded inside the builder's `impl`, which has `into_request()`.
#[doc(hidden)]
#[macro_export]
// `crate::Error` is meant: the generated crate's own error type, where the macro is used.
#[allow(clippy::crate_in_macro_def)]
macro_rules! send_value_and_raw {
    () => {
        /// Sends the request and returns the body as JSON, whatever the spec says it holds:
        /// the way to the data should the server send what the schema does not describe.
        /// Same retries, options and errors as `send`.
        pub fn send_value(self) -> $crate::BoxFuture<::std::result::Result<$crate::serde_json::Value, crate::Error>> {
            $crate::body(self.into_request().send_value())
        }

        /// Sends the request and returns the body as bytes, with the response's status and
        /// headers. Same retries, options and errors as `send`.
        pub fn send_raw(
            self,
        ) -> $crate::BoxFuture<::std::result::Result<$crate::Response<::std::vec::Vec<u8>>, crate::Error>> {
            ::std::boxed::Box::pin(self.into_request().send_bytes())
        }
    };
}

/// The impls every generated string enum shares: `as_str`, `Display`, `FromStr` (never fails:
/// unknown values go to the catch-all variant), `Serialize`, `Deserialize` and `ToParam`.
///
/// Generated code writes the enum itself (variants and docs stay readable in review) and then
/// `string_enum!(Name, CatchAll, { Variant => "WIRE", ... });`.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $catch_all:ident, { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$catch_all(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match value {
                    $($wire => Self::$variant,)*
                    other => Self::$catch_all($crate::UnknownValue::unlisted(other)),
                })
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value.parse() {
                    Ok(value) => value,
                    Err(never) => match never {},
                }
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::serde_helpers::deserialize_str_enum(deserializer)
            }
        }

        impl $crate::ToParam for $name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}
