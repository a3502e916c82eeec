//! Security: the credentials the client can hold (the document's schemes) and which of them go
//! with each operation (its requirement, else the document's).

use crate::error::{pointer_token, Warning};
use crate::ir::{Credential, ParamLocation, Security};
use crate::names::{self, Namespace};
use openapiv3::{OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};
use std::collections::HashMap;

/// The document's security schemes, read once.
pub(super) struct Schemes {
    /// Scheme key -> the credential it takes; `None` for one the client cannot hold.
    by_key: HashMap<String, Option<Credential>>,
    /// API key schemes: constant name on the client, where the key goes, its parameter name.
    pub api_keys: Vec<(String, ParamLocation, String)>,
}

impl Schemes {
    pub fn new(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Self {
        let mut taken = Namespace::with_reserved(&["NEW", "BUILDER"]);
        let mut by_key = HashMap::new();
        let mut api_keys = Vec::new();
        for (key, scheme) in doc.components.iter().flat_map(|c| c.security_schemes.iter()) {
            let pointer = format!("/components/securitySchemes/{}", pointer_token(key));
            let credential = match scheme {
                ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. }) => {
                    let at = match location {
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    let constant = taken.claim(names::const_name(key));
                    api_keys.push((constant.clone(), at, name.clone()));
                    Some(Credential::ApiKey(constant))
                }
                // OAuth 2 and OpenID Connect access tokens go out as bearer tokens (RFC 6750).
                ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer") => {
                    Some(Credential::Bearer)
                }
                ReferenceOr::Item(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. }) => {
                    Some(Credential::Bearer)
                }
                ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("basic") => {
                    Some(Credential::Basic)
                }
                ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) => {
                    let message = format!(
                        "HTTP `{scheme}` authentication: the client cannot compute it, so requests that \
                         need it go without it (add it with a custom `reqwest::Client`)"
                    );
                    warnings.push(Warning { pointer, message });
                    None
                }
                ReferenceOr::Reference { reference } => {
                    let message = format!("security scheme `$ref: {reference}` not followed; the scheme is ignored");
                    warnings.push(Warning { pointer, message });
                    None
                }
            };
            by_key.insert(key.clone(), credential);
        }
        Schemes { by_key, api_keys }
    }

    /// Whether a scheme sends the `Authorization` header (bearer, basic, or an API key named so).
    pub fn sends_authorization(&self) -> bool {
        self.takes(&Credential::Bearer)
            || self.takes(&Credential::Basic)
            || self
                .api_keys
                .iter()
                .any(|(_, at, name)| *at == ParamLocation::Header && name.eq_ignore_ascii_case("authorization"))
    }

    /// Whether any scheme takes this credential.
    pub fn takes(&self, credential: &Credential) -> bool {
        self.by_key.values().any(|c| c.as_ref() == Some(credential))
    }

    /// A requirement (`security` at `pointer`) as the IR keeps it. A name no scheme defines is left
    /// out, with a warning; so is a scheme the client cannot hold.
    pub fn requirement(
        &self,
        alternatives: &[SecurityRequirement],
        pointer: &str,
        warnings: &mut Vec<Warning>,
    ) -> Security {
        let mut security = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let mut together = Vec::new();
            for name in alternative.keys() {
                match self.by_key.get(name) {
                    Some(Some(credential)) => together.push(credential.clone()),
                    Some(None) => {}
                    None => warnings.push(Warning {
                        pointer: format!("{pointer}/{i}"),
                        message: format!(
                            "security requirement names `{name}`, which `components/securitySchemes` does not \
                             define: left out (define the scheme or fix the name)"
                        ),
                    }),
                }
            }
            together.sort();
            together.dedup();
            security.push(together);
        }
        security
    }
}
