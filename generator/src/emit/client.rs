//! The crate root, the `Client` with its servers, and one `Client` method per operation (`lib.rs`
//! and `client.rs` of the output).

use super::docs::doc_lines;
use super::{ident, inferred, Emitter};
use crate::error::Error;
use crate::example::{Examples, Fill};
use crate::ir::{BodyKind, Credential, Operation, ParamLocation, Presence, Response, Security, Type, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn lib(&self) -> Result<TokenStream, Error> {
        let api = self.api;
        let rt = &self.runtime;
        let mut text = format!("# {}\n\n", api.title);
        if let Some(d) = &api.description {
            text.push_str(d.trim());
            text.push_str("\n\n");
        }
        if let Some(note) = &api.inferred {
            text.push_str(&inferred(note));
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "API version `{}`. Start with [`Client`]; every operation is a method on it that returns a request \
             builder from [`requests`], sent with `.send().await`. Schemas are in [`types`], re-exported here.{}",
            api.version,
            self.quickstart()
        ));
        let lines = doc_lines(&text).into_iter().map(|l| {
            let line = if l.trim().is_empty() { String::new() } else { format!(" {}", l.trim_end()) };
            quote!(#![doc = #line])
        });
        let server = if api.servers.is_empty() {
            quote!()
        } else {
            quote!(
                pub use client::Server;
            )
        };
        let types = if api.types.is_empty() {
            quote!()
        } else {
            // With a feature set that compiles no type, there is nothing to re-export.
            quote!(
                #[allow(unused_imports)]
                pub use types::*;
            )
        };
        let (error_body, error_doc) = match &api.error_type {
            Some(name) => {
                let name = ident(name)?;
                let text = format!("Everything that can go wrong in a call. API errors carry the documented error body, [`{name}`], parsed.");
                (quote!(types::#name), self.doc(&text))
            }
            None => (
                quote!(::#rt::serde_json::Value),
                self.doc("Everything that can go wrong in a call. API errors carry the error body as JSON."),
            ),
        };
        let (prelude, checks) = self.error_checks()?;
        Ok(quote! {
            #(#lines)*
            // Descriptions come from the spec verbatim: URLs, `<placeholders>` and `[brackets]` in
            // them are prose, not rustdoc markup.
            #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
            #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::doc_lazy_continuation)]

            mod client;
            pub mod requests;
            pub mod types;

            pub use client::Client;
            #server
            #types
            pub use ::#rt::{ApiClient, Base64, BaseUrl, ClientBuilder, DecodeError, Expandable, FilePart, RequestOptions, Response};
            /// The runtime this crate is built on, for its re-exports (`reqwest`, `chrono`, `serde_json`, `futures`).
            pub use ::#rt as runtime;
            #prelude

            #error_doc
            pub type Error = ::#rt::Error<#error_body>;
            /// A non-2xx response: status, parsed error body, raw body, request id.
            pub type ApiError = ::#rt::ApiError<#error_body>;
            /// `Result` with this crate's [`Error`].
            pub type Result<T, E = Error> = ::std::result::Result<T, E>;
            #checks
        })
    }

    /// `ErrorExt`, a check on [`Error`] per documented error status the runtime has none for, and
    /// the prelude that brings it into scope (the runtime's prelude when there is none).
    fn error_checks(&self) -> Result<(TokenStream, TokenStream), Error> {
        let rt = &self.runtime;
        if self.api.error_checks.is_empty() {
            return Ok((quote!(pub use ::#rt::prelude;), quote!()));
        }
        let mut decls = Vec::new();
        let mut impls = Vec::new();
        for check in &self.api.error_checks {
            let method = ident(&check.method)?;
            let text = match check.description.trim() {
                "" => format!("HTTP {}.", check.status),
                d => format!("HTTP {}: {d}", check.status),
            };
            let docs = self.doc(&text);
            let status = proc_macro2::Literal::u16_unsuffixed(check.status);
            decls.push(quote!(#docs fn #method(&self) -> bool;));
            impls.push(quote!(fn #method(&self) -> bool { self.status() == Some(#status) }));
        }
        let prelude_doc = self.doc(&format!(
            "The traits a user needs in scope: [`ErrorExt`] and the stream traits (`try_next()`, `try_collect()`, \
             ...). `use {}::prelude::*;`",
            self.krate
        ));
        let prelude = quote! {
            #prelude_doc
            pub mod prelude {
                #[doc(no_inline)]
                pub use ::#rt::prelude::*;
                #[doc(no_inline)]
                pub use crate::ErrorExt;
            }
        };
        let checks = quote! {
            /// Checks on [`Error`] for the error statuses this API documents (besides the runtime's
            /// `is_unauthorized`, `is_forbidden`, `is_not_found`, `is_rate_limited`, ...). In [`prelude`].
            pub trait ErrorExt {
                #(#decls)*
            }

            impl ErrorExt for Error {
                #(#impls)*
            }
        };
        Ok((prelude, checks))
    }

    pub(super) fn client(&self) -> Result<TokenStream, Error> {
        let api = self.api;
        let rt = &self.rt;
        let error_body = match &api.error_type {
            Some(name) => {
                let name = ident(name)?;
                quote!(crate::types::#name)
            }
            None => quote!(#rt::serde_json::Value),
        };
        let (token_env, base_url_env) = (&api.token_env, &api.base_url_env);
        let fallback = match api.servers.first() {
            Some(s) => format!("[`Server::{}`]", s.name),
            None => "no default: the variable must be set".to_owned(),
        };
        let from_env_doc = self.doc(&if api.bearer_auth {
            format!(
                "A client configured from the environment: the API key from `{token_env}` (required) and the \
                 base URL from `{base_url_env}` when it is set (otherwise {fallback})."
            )
        } else {
            format!("A client whose base URL comes from `{base_url_env}` when it is set (otherwise {fallback}).")
        });
        let server = self.server_enum()?;
        let default_server = match api.servers.first() {
            Some(s) => {
                let first = ident(&s.name)?;
                quote!(.base_url(Server::#first))
            }
            None => quote!(),
        };
        let builder_doc = match api.servers.first() {
            Some(s) => format!(
                "A builder for a client. The base URL starts as [`Server::{}`] (change it with `base_url`), the \
                 user agent as this crate's name and version.",
                s.name
            ),
            None => "A builder for a client; set the base URL with `base_url`. The user agent starts as this \
                     crate's name and version."
                .to_owned(),
        };
        let builder_doc = self.doc(&builder_doc);
        let new = if api.bearer_auth {
            quote! {
                /// A client for `base_url` (a [`Server`] or any URL) that sends `bearer_token` as
                /// `Authorization: Bearer <token>`. The token never appears in `Debug` output or errors.
                pub fn new(base_url: impl Into<#rt::BaseUrl>, bearer_token: impl Into<String>) -> Result<Self, crate::Error> {
                    Self::builder().base_url(base_url).bearer_token(bearer_token).build()
                }

                #from_env_doc
                pub fn from_env() -> Result<Self, crate::Error> {
                    Self::builder().base_url_from_env(#base_url_env).bearer_token_from_env(#token_env).build()
                }
            }
        } else {
            quote! {
                /// A client for `base_url`.
                pub fn new(base_url: impl Into<#rt::BaseUrl>) -> Result<Self, crate::Error> {
                    Self::builder().base_url(base_url).build()
                }

                #from_env_doc
                pub fn from_env() -> Result<Self, crate::Error> {
                    Self::builder().base_url_from_env(#base_url_env).build()
                }
            }
        };
        let api_keys = api
            .api_keys
            .iter()
            .map(|(name, at, wire)| {
                let constant = ident(name)?;
                let (variant, place) = match at {
                    ParamLocation::Header => (quote!(Header), "header"),
                    ParamLocation::Query => (quote!(Query), "query parameter"),
                    _ => (quote!(Cookie), "cookie"),
                };
                let d = self.doc(&format!(
                    "Where the spec's `{wire}` API key goes (the {place} `{wire}`): \
                     `Client::builder().api_key(Client::{name}, key)`."
                ));
                Ok(quote!(#d pub const #constant: #rt::ApiKey = #rt::ApiKey::#variant(#wire);))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let title = format!("A client for the {}.", api.title);
        let client_doc = self.doc(&format!(
            "{title}\n\nCheap to clone: clones share one connection pool. Each method returns a request \
             builder; set optional parameters on it, then call `send().await`. Idempotent requests are \
             retried on 429, 500, 502, 503 and 504 and on connection failures (3 attempts, 60 s overall by \
             default; see [`RequestOptions`](crate::RequestOptions)).{}",
            self.client_example()
        ));
        let security = match &api.security {
            Some(security) => {
                let security = self.security(security)?;
                quote!(.security(#security))
            }
            None => quote!(),
        };
        let use_rt = self.use_runtime();
        Ok(quote! {
            //! The client and the servers it can talk to.
            #use_rt

            #server

            #client_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                api: #rt::ApiClient,
            }

            impl From<#rt::ApiClient> for Client {
                fn from(api: #rt::ApiClient) -> Self {
                    Client { api }
                }
            }

            impl #rt::FromApiClient for Client {
                type ErrorBody = #error_body;
            }

            impl Client {
                #new

                #builder_doc
                pub fn builder() -> #rt::ClientBuilder<Self> {
                    #rt::ClientBuilder::new()
                        #default_server
                        #security
                        .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                }

                #(#api_keys)*

                /// The underlying transport (base URL, credentials, connection pool).
                pub fn api_client(&self) -> &#rt::ApiClient {
                    &self.api
                }

            }
        })
    }

    /// A security requirement as the runtime takes it: `&[&[rt::Credential::Bearer], ...]`.
    pub(super) fn security(&self, security: &Security) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let alternatives = security
            .iter()
            .map(|together| {
                let credentials = together
                    .iter()
                    .map(|c| {
                        Ok(match c {
                            Credential::Bearer => quote!(#rt::Credential::Bearer),
                            Credential::Basic => quote!(#rt::Credential::Basic),
                            Credential::ApiKey(constant) => {
                                let constant = ident(constant)?;
                                quote!(#rt::Credential::Key(crate::Client::#constant))
                            }
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(quote!(&[#(#credentials),*]))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(quote!(&[#(#alternatives),*]))
    }

    fn server_enum(&self) -> Result<TokenStream, Error> {
        let servers = &self.api.servers;
        if servers.is_empty() {
            return Ok(quote!());
        }
        let rt = &self.rt;
        let mut variants = Vec::new();
        let mut urls = Vec::new();
        let mut all = Vec::new();
        for s in servers {
            let name = ident(&s.name)?;
            let url = &s.url;
            let d = match &s.description {
                Some(desc) => self.doc(&format!("{desc}: `{url}`")),
                None => self.doc(&format!("`{url}`")),
            };
            variants.push(quote!(#d #name,));
            urls.push(quote!(Server::#name => #url,));
            all.push(quote!(Server::#name));
        }
        Ok(quote! {
            /// The servers the spec lists; any other URL works too (see [`BaseUrl`](crate::BaseUrl)).
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[non_exhaustive]
            pub enum Server {
                #[default]
                #(#variants)*
            }

            impl Server {
                /// Every server, in the spec's order.
                pub const ALL: &'static [Server] = &[#(#all),*];

                /// The server's base URL.
                pub const fn url(self) -> &'static str {
                    match self {
                        #(#urls)*
                    }
                }
            }

            impl From<Server> for #rt::BaseUrl {
                fn from(server: Server) -> Self {
                    #rt::BaseUrl::from(server.url())
                }
            }
        })
    }

    fn operation_doc(&self, op: &Operation) -> String {
        let mut text = String::new();
        let summary = op.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let description = op.description.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(s) = summary {
            text.push_str(s);
            text.push_str("\n\n");
        }
        if let Some(d) = description {
            // Specs often repeat the summary as the description's first line; say it once.
            let first = d.split("\n\n").next().unwrap_or(d);
            let same = summary.is_some_and(|s| s.trim_end_matches('.') == first.trim().trim_end_matches('.'));
            let rest = if same { d[first.len()..].trim_start() } else { d };
            if !rest.is_empty() {
                text.push_str(rest);
                text.push_str("\n\n");
            }
        }
        if summary.is_none() && description.is_none() {
            text.push_str(&format!("Calls `{}`.\n\n", op.operation_id.as_deref().unwrap_or(&op.method_name)));
        }
        text.push_str(&format!("`{} {}`", op.http_method, op.path));
        for note in &op.inferred {
            text.push_str("\n\n");
            text.push_str(&inferred(note));
        }
        if let Some(example) = self.call_example(op) {
            text.push_str(&example);
        }
        if !op.errors.is_empty() {
            text.push_str("\n\n# Errors\n\n[`Error::Api`](crate::Error::Api) with one of the documented statuses:\n");
            for (status, description) in &op.errors {
                let description = description.trim().replace('\n', " ");
                text.push_str(&format!("\n- `{status}`: {description}"));
            }
        }
        if op.deprecated {
            text.push_str("\n\n**Deprecated.**");
        }
        text
    }

    pub(super) fn client_method(&self, op: &Operation) -> Result<TokenStream, Error> {
        let d = self.doc(&self.operation_doc(op));
        let method = ident(&op.method_name)?;
        let builder = ident(&op.builder_name)?;
        let args = self.required_args(op)?;
        let params = args.iter().map(|(name, ty, _)| quote!(#name: #ty));
        let values = args.iter().map(|(name, _, convert)| quote!(#name #convert));
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        Ok(quote! {
            #d
            #deprecated
            pub fn #method(&self, #(#params),*) -> crate::requests::#builder {
                crate::requests::#builder::new(self.api.clone(), #(#values),*)
            }
        })
    }

    /// A usage example for the client's docs, calling the first operation that needs no arguments.
    fn client_example(&self) -> String {
        let krate = &self.krate;
        let constructor = "Client::from_env()?";
        let call = self
            .api
            .operations
            .iter()
            .find(|op| !op.params.iter().any(|p| p.required()) && !op.body.as_ref().is_some_and(|b| b.required))
            .map(|op| {
                format!("let response = client.{}().send().await?;\nprintln!(\"{{response:?}}\");\n", op.method_name)
            })
            .unwrap_or_default();
        format!(
            "\n\n```no_run\n# async fn example() -> Result<(), {krate}::Error> {{\nlet client = {krate}::{constructor};\n{call}# Ok(())\n# }}\n```"
        )
    }

    /// The crate root's quickstart: a client from the environment and a first call, doc-tested.
    fn quickstart(&self) -> String {
        let krate = &self.krate;
        let call = self.api.operations.iter().find_map(|op| self.call_statement(op)).unwrap_or_default();
        format!(
            "\n\n## Quickstart\n\n```no_run\n# async fn quickstart() -> Result<(), {krate}::Error> {{\n\
             // The credentials and server from the environment (see `Client::from_env`).\n\
             let client = {krate}::Client::from_env()?;\n{call}# Ok(())\n# }}\n```"
        )
    }

    /// A compiled (`no_run`) example of one call, for the operation's rustdoc.
    fn call_example(&self, op: &Operation) -> Option<String> {
        let krate = &self.krate;
        let statement = self.call_statement(op)?;
        Some(format!(
            "\n\n```no_run\n# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\n{statement}# Ok(())\n# }}\n```"
        ))
    }

    /// `let response = client.op(args).send().await?;` with the values the conformance driver
    /// sends (`crate::example`, from the spec); `None` when an argument has no plain Rust spelling
    /// (a union, say).
    fn call_statement(&self, op: &Operation) -> Option<String> {
        let examples = Examples::new(self.graph, Fill::Required);
        let mut args = Vec::new();
        for p in op.params.iter().filter(|p| p.required()) {
            args.push(self.placeholder(&p.ty, &examples.value(&p.ty, &p.about), 0)?);
        }
        let mut text = String::new();
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let value = match body.kind {
                BodyKind::Json | BodyKind::Multipart | BodyKind::Form => {
                    self.placeholder(&body.ty, &examples.value(&body.ty, &Default::default()), 0)?
                }
                BodyKind::Bytes => "b\"...\".to_vec()".to_owned(),
                BodyKind::Text => "String::from(\"...\")".to_owned(),
            };
            text.push_str(&format!("let body = {value};\n"));
            args.push("body".to_owned());
        }
        let binding = if op.success == Response::Empty { "" } else { "let response = " };
        text.push_str(&format!("{binding}client.{}({}).send().await?;\n", op.method_name, args.join(", ")));
        Some(text)
    }

    /// A Rust expression of type `ty` for the example value `value`: literals, the enum variant of
    /// the value, a struct's constructor with its arguments' values.
    fn placeholder(&self, ty: &Type, value: &serde_json::Value, depth: usize) -> Option<String> {
        let krate = &self.krate;
        if depth > 4 {
            return None;
        }
        let text = value.as_str();
        Some(match ty {
            Type::I32 | Type::I64 => value.as_i64().unwrap_or(1).to_string(),
            Type::F32 | Type::F64 => {
                let n = value.as_f64().unwrap_or(1.0);
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{n:.1}")
                } else {
                    n.to_string()
                }
            }
            Type::Bool => value.as_bool().unwrap_or(true).to_string(),
            Type::String => format!("{:?}", text.unwrap_or("example")),
            Type::Date => format!(
                "{:?}.parse::<{krate}::runtime::chrono::NaiveDate>().expect(\"a date\")",
                text.unwrap_or("2024-01-15")
            ),
            Type::DateTime => format!(
                "{:?}.parse::<{krate}::runtime::chrono::DateTime<{krate}::runtime::chrono::Utc>>().expect(\"a time\")",
                text.unwrap_or("2024-01-15T09:30:00Z")
            ),
            Type::Base64 => format!("{krate}::Base64::from(b\"example\".to_vec())"),
            Type::Binary => format!("{krate}::FilePart::from_bytes(b\"%PDF-1.4\".to_vec(), \"example.pdf\")"),
            Type::Json => format!("{krate}::runtime::serde_json::json!({value})"),
            Type::JsonObject | Type::Map(_) => "Default::default()".to_owned(),
            Type::Vec(item) => {
                let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
                let items: Option<Vec<String>> = items.iter().map(|v| self.placeholder(item, v, depth + 1)).collect();
                format!("[{}]", items?.join(", "))
            }
            Type::Nullable(inner) => self.placeholder(inner, value, depth)?,
            Type::Expandable(_) => return None,
            Type::Named(n) => match self.graph.get(n)? {
                TypeDef::Enum(e) => {
                    let variant = e.variants.iter().find(|v| Some(v.wire.as_str()) == text).or(e.variants.first())?;
                    format!("{krate}::{n}::{}", variant.name)
                }
                TypeDef::Alias { ty, .. } => self.placeholder(ty, value, depth + 1)?,
                TypeDef::Union(_) => return None,
                TypeDef::Struct(s) => {
                    let (name, args, named) = match s.constructors.first() {
                        Some(c) => (c.name.as_str(), c.args.clone(), true),
                        None => (
                            "new",
                            (0..s.fields.len())
                                .filter(|&i| s.fields[i].required || s.fields[i].required_in_requests)
                                .collect(),
                            false,
                        ),
                    };
                    let mut values = Vec::new();
                    for i in args {
                        let f = &s.fields[i];
                        let member = value.get(&f.wire).cloned().unwrap_or_default();
                        let rendered = self.placeholder(f.ty.non_null(), &member, depth + 1)?;
                        // `new` takes a required, nullable field as an `Option`.
                        let optional = !named && f.presence == Presence::RequiredNullable;
                        values.push(if optional { format!("Some({rendered})") } else { rendered });
                    }
                    format!("{krate}::{n}::{name}({})", values.join(", "))
                }
            },
        })
    }
}
