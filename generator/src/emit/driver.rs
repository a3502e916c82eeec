//! The conformance driver: a program that calls every operation of a generated crate through its
//! `Client`, once with every parameter and body property set and once with only the required
//! ones, with values built from the spec ([`crate::example`]), and prints one row per call: the
//! status, the violations the server reports in `sl-violations` (Prism's header) and whether
//! `send()` decoded the response. `scripts/conformance.py` runs it against `prism mock`.

use super::docs::Docs;
use super::ident;
use crate::error::Error;
use crate::example::{Examples, Fill};
use crate::ir::{Api, BodyKind, Graph, Operation, ParamLocation, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The driver's `main.rs`, for a binary crate depending on the generated crate `crate_name`.
pub fn driver(api: &Api, crate_name: &str) -> Result<String, Error> {
    let krate = ident(&crate_name.replace('-', "_"))?;
    let graph = api.graph();
    let all = Examples::new(&graph, Fill::All);
    let required = Examples::new(&graph, Fill::Required);
    // One function per operation, each returning its boxed future: a large document (GitHub's
    // ~1,000 operations) is then many small bodies for rustc, not one enormous `main`.
    let mut functions = Vec::new();
    let mut table = Vec::new();
    for op in &api.operations {
        let name = operation_name(op);
        let function = ident(&format!("call_{}", op.method_name))?;
        let every = call(&graph, &all, &all, op, Fill::All, "all")?;
        let only_required = call(&graph, &required, &all, op, Fill::Required, "required")?;
        let doc = format!(" `{name}`: with every parameter, then with the required ones.");
        functions.push(quote! {
            #[doc = #doc]
            fn #function(client: &api::Client) -> Calls<'_> {
                Box::pin(async move {
                    #every
                    #only_required
                })
            }
        });
        table.push(quote!((#name, #function)));
    }
    // Every credential the document knows: each operation's requirement picks what goes.
    let mut auth = Vec::new();
    if api.bearer_auth {
        auth.push(quote!(.bearer_token("conformance-token")));
    }
    if api.basic_auth {
        auth.push(quote!(.basic_auth("conformance", Some("password".to_owned()))));
    }
    for (constant, _, _) in &api.api_keys {
        let constant = ident(constant)?;
        auth.push(quote!(.api_key(api::Client::#constant, "conformance-key")));
    }
    let file = Docs::default().parse(quote! {
        //! Calls every operation of the generated client and prints a row per call (see
        //! `scripts/conformance.py`): operation, fill, status, violations, decoded, error body, the
        //! request body's media type.

        // A document without operations leaves the helpers unused.
        #![allow(dead_code, unused_variables)]

        use #krate as api;

        /// The calls of one operation, as one future.
        type Calls<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>;

        /// Every operation's name and calls, in the document's order.
        const OPERATIONS: &[(&str, fn(&api::Client) -> Calls<'_>)] = &[#(#table),*];

        /// A value of the type the call site needs, from the example's JSON.
        fn v<T: api::runtime::serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
            api::runtime::serde_json::from_str(json).map_err(|e| format!("the example {json} does not fit: {e}"))
        }

        /// Prints the row of one call: what the server said of the request and of the response.
        fn report(
            operation: &str,
            mode: &str,
            media: &str,
            raw: Result<api::runtime::Response<Vec<u8>>, api::Error>,
            decoded: Result<(), api::Error>,
        ) {
            let (status, headers, body) = match &raw {
                Ok(response) => (response.status.to_string(), Some(&response.headers), String::new()),
                Err(e) => match e.api_error() {
                    Some(api_error) => (api_error.status.to_string(), Some(&api_error.headers), api_error.raw.clone()),
                    None => (format!("error: {e}"), None, String::new()),
                },
            };
            let violations = headers
                .and_then(|h| h.get("sl-violations"))
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default();
            // A documented error status is a response the client read as the document says: an
            // `Error::Api` with the operation's description of that status.
            let decoded = match decoded {
                Ok(()) => "decoded".to_owned(),
                Err(e) if e.api_error().is_some_and(|a| a.description.is_some()) => "decoded".to_owned(),
                Err(e) => format!("{e}"),
            };
            let clean = |text: &str| text.replace(['\t', '\n', '\r'], " ");
            println!(
                "{operation}\t{mode}\t{}\t{}\t{}\t{}\t{media}",
                clean(&status),
                clean(&violations),
                clean(&decoded),
                clean(&body)
            );
        }

        /// `driver URL [OPERATION]`: every call, or the calls of one operation; `driver URL --list`
        /// prints the operations.
        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".to_owned());
            let only = std::env::args().nth(2);
            if only.as_deref() == Some("--list") {
                for (operation, _) in OPERATIONS {
                    println!("{operation}");
                }
                return;
            }
            let options = api::RequestOptions::new().max_attempts(1).timeout(std::time::Duration::from_secs(20));
            let client = match api::Client::builder().base_url(base_url.as_str()) #(#auth)* .options(options).build() {
                Ok(client) => client,
                Err(e) => {
                    eprintln!("cannot build the client: {e}");
                    std::process::exit(2);
                }
            };
            for (operation, calls) in OPERATIONS {
                if only.as_deref().is_none_or(|o| o == *operation) {
                    calls(&client).await;
                }
            }
        }

        #(#functions)*
    })?;
    Ok(prettyplease::unparse(&file))
}

/// One call of `op`: the request built from examples, sent raw (for the server's verdict on the
/// request), then sent again to decode the response.
fn call(
    graph: &Graph,
    examples: &Examples,
    all: &Examples,
    op: &Operation,
    fill: Fill,
    mode: &str,
) -> Result<TokenStream, Error> {
    let name = operation_name(op);
    let media = op.body.as_ref().map_or("", |b| b.media_type.as_str());
    let method = ident(&op.method_name)?;
    // An argument or setter value: the example's JSON, as the type the call site takes.
    let value = |ty: &Type, json: String| match graph.resolve(ty) {
        Type::String => quote!(v::<String>(#json)?),
        Type::Vec(_) => quote!(v::<Vec<_>>(#json)?),
        _ => quote!(v(#json)?),
    };
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        if !p.required() && fill == Fill::Required {
            continue;
        }
        // A path parameter is never empty: its value has every property even in the required-only
        // call (an object with none would leave the segment empty).
        let json = match p.location {
            ParamLocation::Path => all.value(&p.ty, &p.about),
            _ => examples.value(&p.ty, &p.about),
        }
        .to_string();
        let expr = value(&p.ty, json);
        if p.required() {
            args.push(expr);
        } else {
            let setter = ident(&p.name)?;
            setters.push(quote!(.#setter(#expr)));
        }
    }
    if let Some(body) = &op.body {
        let expr = match body.kind {
            BodyKind::Bytes => quote!(b"example".to_vec()),
            BodyKind::Text => quote!(String::from("example")),
            _ => {
                let json = examples.value(&body.ty, &Default::default()).to_string();
                quote!(v(#json)?)
            }
        };
        if body.required {
            args.push(expr);
        } else if fill == Fill::All {
            setters.push(quote!(.body(#expr)));
        }
    }
    Ok(quote! {
        let outcome: Result<(), String> = async {
            let request = client.#method(#(#args),*) #(#setters)*;
            let raw = request.clone().send_raw().await;
            let decoded = request.send().await.map(|_| ());
            report(#name, #mode, #media, raw, decoded);
            Ok(())
        }
        .await;
        if let Err(e) = outcome {
            println!("{}\t{}\tnot built\t\t{}\t\t{}", #name, #mode, e, #media);
        }
    })
}

/// How rows name an operation: its operationId, else its method and path.
fn operation_name(op: &Operation) -> String {
    op.operation_id.clone().unwrap_or_else(|| format!("{} {}", op.http_method, op.path))
}
