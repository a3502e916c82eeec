//! One request builder per operation: setters, sending, paging, and the request body (`requests.rs`
//! of the output).

use super::render::somes;
use super::{describe, ident, Emitter, Scope};
use crate::error::Error;
use crate::ir::{
    BodyKind, Field, FieldEncoding, Operation, ParamLocation, ParamStyle, PathSegment, RequestBody, Response, Type,
    TypeDef,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

impl Emitter<'_> {
    pub(super) fn arg_type(&self, ty: &Type) -> Result<(TokenStream, TokenStream), Error> {
        // How an argument is taken and turned into the stored value.
        Ok(match ty {
            Type::String => (quote!(impl Into<String>), quote!(.into())),
            Type::Vec(item) => {
                let item = self.ty(item, Scope::Other)?;
                (quote!(impl IntoIterator<Item = #item>), quote!(.into_iter().collect()))
            }
            other => (self.ty(other, Scope::Other)?, quote!()),
        })
    }

    pub(super) fn required_args(&self, op: &Operation) -> Result<Vec<(Ident, TokenStream, TokenStream)>, Error> {
        let mut args = Vec::new();
        for p in op.params.iter().filter(|p| p.required()) {
            let (ty, convert) = self.arg_type(&p.ty)?;
            args.push((ident(&p.name)?, ty, convert));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            args.push((ident("body")?, self.body_type(body)?, quote!()));
        }
        Ok(args)
    }

    fn body_type(&self, body: &RequestBody) -> Result<TokenStream, Error> {
        Ok(match body.kind {
            BodyKind::Json | BodyKind::Multipart | BodyKind::Form => self.ty(&body.ty, Scope::Other)?,
            BodyKind::Bytes => quote!(Vec<u8>),
            BodyKind::Text => quote!(String),
        })
    }

    pub(super) fn builder(&self, op: &Operation) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let name = ident(&op.builder_name)?;
        let method = &op.method_name;
        let struct_doc = self.doc(&format!(
            "Request builder for [`Client::{method}`](crate::Client::{method}): `{} {}`.",
            op.http_method, op.path
        ));
        let mut fields = vec![quote!(client: #rt::ApiClient,)];
        let mut inits = vec![quote!(client,)];
        let mut setters = Vec::new();
        let mut new_args = Vec::new();
        for p in &op.params {
            let field = ident(&p.name)?;
            let ty = self.ty(&p.ty, Scope::Other)?;
            if p.required() {
                fields.push(quote!(#field: #ty,));
                inits.push(quote!(#field,));
                new_args.push(quote!(#field: #ty));
            } else {
                fields.push(quote!(#field: Option<#ty>,));
                inits.push(quote!(#field: None,));
                let (arg_ty, convert) = self.arg_type(&p.ty)?;
                let text = describe(p.doc.as_deref(), &p.about);
                let d = self.doc_or(Some(&text), &format!("Sets `{}`.", p.wire));
                setters.push(quote! {
                    #d
                    pub fn #field(mut self, value: #arg_ty) -> Self {
                        self.#field = Some(value #convert);
                        self
                    }
                });
            }
        }
        if let Some(body) = &op.body {
            let ty = self.body_type(body)?;
            if body.required {
                fields.push(quote!(body: #ty,));
                inits.push(quote!(body,));
                new_args.push(quote!(body: #ty));
            } else {
                fields.push(quote!(body: Option<#ty>,));
                inits.push(quote!(body: None,));
                let d = self.doc_or(body.doc.as_deref(), "Sets the request body.");
                setters.push(quote! {
                    #d
                    pub fn body(mut self, value: #ty) -> Self {
                        self.body = Some(value);
                        self
                    }
                });
            }
        }
        let send = self.build_request(op)?;
        let (ok_ty, call) = self.success(op)?;
        let paging = self.paging(op)?;
        let send_doc = self.doc(&format!(
            "Sends the request. See [`Client::{method}`](crate::Client::{method}) for what it does and the errors \
             the spec documents."
        ));
        Ok(quote! {
            #struct_doc
            #[derive(Debug, Clone)]
            #[must_use = "a request does nothing until `send` is called"]
            pub struct #name {
                #(#fields)*
                options: #rt::RequestOptions,
            }

            impl #name {
                pub(crate) fn new(client: #rt::ApiClient, #(#new_args),*) -> Self {
                    #name { #(#inits)* options: #rt::RequestOptions::new() }
                }

                #(#setters)*

                /// Overrides the client's retry and timeout settings for this request.
                pub fn options(mut self, options: #rt::RequestOptions) -> Self {
                    self.options = options;
                    self
                }

                #send_doc
                pub fn send(self) -> #rt::BoxFuture<Result<#ok_ty, crate::Error>> {
                    #rt::body(self.into_request().#call())
                }

                /// Sends the request and returns the decoded body with the response's status and headers.
                pub fn send_with_response(self) -> #rt::BoxFuture<Result<#rt::Response<#ok_ty>, crate::Error>> {
                    Box::pin(self.into_request().#call())
                }

                // `send_value()` and `send_raw()`, the same in every builder.
                #rt::send_value_and_raw!();

                fn into_request(self) -> #rt::Request {
                    #send
                }

                #paging
            }
        })
    }

    /// `stream()` and `collect_all()` for a page/limit list operation.
    fn paging(&self, op: &Operation) -> Result<TokenStream, Error> {
        let Some(p) = &op.pagination else { return Ok(quote!()) };
        let rt = &self.rt;
        let page = ident(&p.page)?;
        let page_value = if p.page_i32 { quote!(i32::try_from(page).unwrap_or(i32::MAX)) } else { quote!(page) };
        let first = if p.page_i32 { quote!(self.#page.map_or(1, i64::from)) } else { quote!(self.#page.unwrap_or(1)) };
        // The page size: the largest the spec allows unless the request sets one (fewer round
        // trips), else the request's or the spec's default, which the server applies.
        let (limit, sized) = match &p.limit {
            Some(limit) => {
                let limit = ident(limit)?;
                let value = if p.limit_i32 { quote!(self.#limit.map(i64::from)) } else { quote!(self.#limit) };
                let narrow = if p.limit_i32 { quote!(i32::try_from(limit).unwrap_or(i32::MAX)) } else { quote!(limit) };
                match (p.limit_max, p.limit_default) {
                    (Some(max), _) => {
                        let max = proc_macro2::Literal::i64_unsuffixed(max);
                        (quote!(let limit = #value.unwrap_or(#max);), quote!(self.#limit(#narrow)))
                    }
                    (None, Some(default)) => {
                        let default = proc_macro2::Literal::i64_unsuffixed(default);
                        (quote!(let limit = #value.unwrap_or(#default);), quote!(self))
                    }
                    (None, None) => (quote!(let limit = #value;), quote!(self)),
                }
            }
            None => (quote!(), quote!(self)),
        };
        let known_limit = match (&p.limit, p.limit_max.or(p.limit_default)) {
            (Some(_), Some(_)) => quote!(Some(limit)),
            (Some(_), None) => quote!(limit),
            (None, _) => quote!(None),
        };
        let items = ident(&p.items.name)?;
        let (items_value, count) = match p.items.presence.options() {
            0 => (quote!(response.#items), quote!(response.#items.len())),
            1 => (quote!(response.#items.unwrap_or_default()), quote!(response.#items.as_ref().map_or(0, Vec::len))),
            _ => (
                quote!(response.#items.flatten().unwrap_or_default()),
                quote!(response.#items.as_ref().and_then(Option::as_ref).map_or(0, Vec::len)),
            ),
        };
        let (response_ty, _) = self.success(op)?;
        let Type::Vec(item) = p.items.ty.non_null() else {
            return Err(Error::new(op.pointer.as_str(), "paginated items are not an array"));
        };
        let item = if p.items.boxed { quote!(Box<_>) } else { self.ty(item, Scope::Other)? };
        let total = match &p.total {
            None => quote!(None),
            Some(total) => {
                let field = ident(&total.name)?;
                let widen =
                    |v: TokenStream| if *total.ty.non_null() == Type::I32 { quote!(#v.map(i64::from)) } else { v };
                widen(match total.presence.options() {
                    0 => quote!(Some(response.#field)),
                    1 => quote!(response.#field),
                    _ => quote!(response.#field.flatten()),
                })
            }
        };
        let method = &op.method_name;
        let example = if op.params.iter().any(|p| p.required()) || op.body.as_ref().is_some_and(|b| b.required) {
            String::new()
        } else {
            let krate = &self.krate;
            format!(
                "\n\n```no_run\nuse {krate}::prelude::*;\n\n\
                 # async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\n\
                 let mut items = client.{method}().stream();\n\
                 while let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}\n\
                 # Ok(())\n# }}\n```"
            )
        };
        let page_size = match (p.limit_max, &p.limit) {
            (Some(max), Some(_)) => {
                format!("{max} items a page (the most the spec allows) unless the request sets a limit")
            }
            _ => "the request's page size".to_owned(),
        };
        let stream_doc = self.doc(&format!(
            "Every item of every page, fetched lazily page by page from the page this request asks for \
             (default 1), {page_size}, with the same filters. Ends after the page that reaches the \
             total, a short page, or an error (which it yields). The stream is `Send + 'static` and \
             `Unpin`: spawn it, store it, call `try_next()` on it (with `{}::prelude::*`).{example}",
            self.krate
        ));
        Ok(quote! {
            /// Every page as the server sends it, so `total` and the other page fields are at hand;
            /// fetched lazily, like [`stream`](Self::stream).
            pub fn pages(self) -> #rt::futures::stream::BoxStream<'static, Result<#response_ty, crate::Error>> {
                let first = #first;
                #limit
                let request = #sized;
                #rt::pages(first, #known_limit, move |page| {
                    let request = request.clone().#page(#page_value);
                    async move {
                        let response = request.send().await?;
                        let (count, total) = (#count, #total);
                        Ok(#rt::Page { value: response, count, total })
                    }
                })
            }

            #stream_doc
            pub fn stream(self) -> #rt::futures::stream::BoxStream<'static, Result<#item, crate::Error>> {
                #rt::items(self.pages(), |response| #items_value)
            }

            /// Collects every item of every page (see [`stream`](Self::stream)).
            pub fn collect_all(self) -> #rt::BoxFuture<Result<Vec<#item>, crate::Error>> {
                #rt::collect_all(self.stream())
            }
        })
    }

    fn success(&self, op: &Operation) -> Result<(TokenStream, TokenStream), Error> {
        Ok(match &op.success {
            Response::Empty => (quote!(()), quote!(send_empty)),
            Response::Json(ty) => (self.ty(ty, Scope::Other)?, quote!(send_json)),
            Response::Bytes => (quote!(Vec<u8>), quote!(send_bytes)),
            Response::Text => (quote!(String), quote!(send_text)),
        })
    }

    /// `rt::Style` of a parameter or form field, as the spec gives it.
    fn style(&self, style: ParamStyle) -> TokenStream {
        let rt = &self.rt;
        match style {
            ParamStyle::Simple { explode } => quote!(#rt::Style::simple(#explode)),
            ParamStyle::Label { explode } => quote!(#rt::Style::label(#explode)),
            ParamStyle::Matrix { explode } => quote!(#rt::Style::matrix(#explode)),
            ParamStyle::Form { explode } => quote!(#rt::Style::form(#explode)),
            ParamStyle::SpaceDelimited => quote!(#rt::Style::SpaceDelimited),
            ParamStyle::PipeDelimited => quote!(#rt::Style::PipeDelimited),
            ParamStyle::DeepObject => quote!(#rt::Style::DeepObject),
            ParamStyle::Json => quote!(#rt::Style::Json),
        }
    }

    /// The request: method and path template, then every parameter as the spec says to write it
    /// (the runtime does the writing), then the body.
    fn build_request(&self, op: &Operation) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let template: String = op
            .segments
            .iter()
            .map(|s| match s {
                PathSegment::Literal(text) => text.clone(),
                PathSegment::Param(wire) => format!("{{{wire}}}"),
            })
            .collect();
        let template = if template.is_empty() { "/".to_owned() } else { template };
        let http_method = ident(&op.http_method)?;
        let mut chain = vec![quote!(self.client.request(#rt::reqwest::Method::#http_method, String::from(#template)))];
        for p in &op.params {
            let field = ident(&p.name)?;
            let wire = &p.wire;
            let style = self.style(p.style);
            let method = match p.location {
                ParamLocation::Path => quote!(path_param),
                ParamLocation::Query if p.allow_reserved => quote!(query_param_reserved),
                ParamLocation::Query => quote!(query_param),
                ParamLocation::Header => quote!(header_param),
                ParamLocation::Cookie => quote!(cookie_param),
            };
            chain.push(quote!(.#method(#wire, &self.#field, #style)));
        }
        if let Some(media) = &op.accept {
            chain.push(quote!(.accept(#media)));
        }
        if let Some(security) = &op.security {
            let security = self.security(security)?;
            chain.push(quote!(.security(#security)));
        }
        if let Some(name) = self.error_const(op) {
            let name = ident(name)?;
            chain.push(quote!(.documented_errors(#name)));
        }
        chain.push(quote!(.options(self.options)));
        let Some(body) = &op.body else {
            return Ok(quote!(#(#chain)*));
        };
        let set = self.body_stmt(body)?;
        let set = if body.required {
            quote!(let body = self.body; #set)
        } else {
            quote!(if let Some(body) = self.body { #set })
        };
        Ok(quote! {
            let mut request = #(#chain)*;
            #set
            request
        })
    }

    fn body_stmt(&self, body: &RequestBody) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        Ok(match body.kind {
            BodyKind::Json if is_plain_json(&body.media_type) => quote!(request = request.json(&body);),
            BodyKind::Json => {
                let media = &body.media_type;
                quote!(request = request.json_media(&body, #media);)
            }
            BodyKind::Form => {
                let encoding = body.encoding.iter().map(|e| {
                    let (property, style, reserved) = (&e.property, self.style(e.style), e.allow_reserved);
                    quote!((#property, #style, #reserved))
                });
                quote!(request = request.form(&body, &[#(#encoding),*]);)
            }
            BodyKind::Text | BodyKind::Bytes => {
                let media = &body.media_type;
                quote!(request = request.raw(body, #media);)
            }
            BodyKind::Multipart => {
                let Type::Named(name) = self.resolve(&body.ty) else {
                    return Err(Error::new("", "multipart body is not a struct"));
                };
                let Some(TypeDef::Struct(s)) = self.graph.get(name) else {
                    return Err(Error::new("", format!("multipart body `{name}` is not a struct")));
                };
                let mut parts = Vec::new();
                for f in &s.fields {
                    let field = ident(&f.name)?;
                    let encoding = body.encoding.iter().find(|e| e.property == f.wire);
                    parts.push(match f.presence.options() {
                        0 => self.part_stmt(f, quote!(body.#field), encoding)?,
                        n => {
                            let part = self.part_stmt(f, quote!(value), encoding)?;
                            let present = somes(n, quote!(value));
                            quote!(if let #present = body.#field { #part })
                        }
                    });
                }
                quote! {
                    let mut form = #rt::Multipart::new();
                    #(#parts)*
                    request = request.multipart(form);
                }
            }
        })
    }

    /// Adds one struct field as form parts: files as file parts, scalars as text, arrays as one part
    /// per item, anything else as a JSON part; text and JSON parts in the `encoding`'s content type
    /// when it names one (a list, `image/png, image/jpeg`, says what is accepted, not what to send);
    /// every part with the headers the spec fixes. A styled field (3.1) is the parts its style
    /// writes, and its content type is ignored, as the spec says.
    fn part_stmt(&self, f: &Field, value: TokenStream, encoding: Option<&FieldEncoding>) -> Result<TokenStream, Error> {
        let rt = &self.rt;
        let wire = &f.wire;
        let value = if f.boxed { quote!((*#value)) } else { value };
        let headers = encoding.map_or(&[][..], |e| &e.headers[..]);
        let headers: Vec<_> = headers.iter().map(|(name, value)| quote!(.header(#name, #value))).collect();
        if let Some(e) = encoding.filter(|e| e.styled) {
            let (style, reserved) = (self.style(e.style), e.allow_reserved);
            return Ok(quote!(form = form.styled(#wire, &#value, #style, #reserved) #(#headers)*;));
        }
        let content_type = encoding.and_then(|e| e.content_type.as_deref()).filter(|c| !c.contains(','));
        let typed = content_type.map(|c| quote!(.content_type(#c)));
        let typed = quote!(#typed #(#headers)*);
        let one = |ty: &Type, v: TokenStream| -> TokenStream {
            match self.resolve(ty) {
                Type::Binary => quote!(form = form.file(#wire, #v) #(#headers)*;),
                t if self.is_scalar(t) => quote!(form = form.text(#wire, #rt::ToParam::to_param(&#v)) #typed;),
                _ => quote!(form = form.json(#wire, &#v) #typed;),
            }
        };
        Ok(match self.resolve(f.ty.non_null()) {
            Type::Vec(item) if matches!(self.resolve(item), Type::Binary) || self.is_scalar(item) => {
                let each = one(item, quote!(item));
                quote!(for item in #value { #each })
            }
            ty => one(ty, value),
        })
    }
}

/// `application/json`, with or without parameters (`; charset=utf-8`), or a range of JSON types
/// (`application/*+json`), which is no type to send: both go as `application/json`.
fn is_plain_json(media: &str) -> bool {
    media.contains('*') || media.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use crate::names::BUILDER_MEMBERS;

    /// Every field and method a request builder has is one of its parameters' or in
    /// `names::BUILDER_MEMBERS`, the list lowering keeps parameters away from.
    #[test]
    fn builders_name_their_own_members_from_the_one_list() {
        let lowered = crate::lower_text(include_str!("../../../spec/drata.yaml"), "drata.yaml").unwrap();
        let files = super::super::emit(&lowered.api, "drata.yaml", "drata").unwrap();
        let requests = files.iter().find(|f| f.path == "requests.rs").unwrap();
        let file: syn::File = syn::parse_str(&requests.contents).unwrap();
        let mut checked = 0;
        for op in &lowered.api.operations {
            let own = |name: &str| {
                BUILDER_MEMBERS.contains(&name.trim_start_matches("r#")) || op.params.iter().any(|p| p.name == name)
            };
            for item in &file.items {
                let names: Vec<String> = match item {
                    syn::Item::Struct(s) if s.ident == op.builder_name => {
                        s.fields.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string)).collect()
                    }
                    syn::Item::Impl(i) if matches!(&*i.self_ty, syn::Type::Path(p) if p.path.is_ident(&op.builder_name)) => {
                        i.items
                            .iter()
                            .filter_map(|m| match m {
                                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                                _ => None,
                            })
                            .collect()
                    }
                    _ => continue,
                };
                for name in names {
                    assert!(own(&name), "`{}` has `{name}`, which BUILDER_MEMBERS does not list", op.builder_name);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} names checked");
    }
}
