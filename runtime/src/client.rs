use crate::param::{encode_cookie, encode_query_pair, join_cookies, join_query};
use crate::retry::{backoff, retry_after, RequestOptions};
use crate::style::{self, Style};
use crate::value::Multipart;
use crate::{ApiError, BoxFuture, DecodeError, Error};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Instant;

/// The root URL that operation paths are appended to, e.g. `https://api.example.com/v1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The URL as given, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for BaseUrl {
    fn from(url: &str) -> Self {
        BaseUrl(url.trim_end_matches('/').to_owned())
    }
}

impl From<String> for BaseUrl {
    fn from(url: String) -> Self {
        BaseUrl::from(url.as_str())
    }
}

/// The transport shared by every operation: a `reqwest::Client`, the base URL, the credentials and
/// the default retry and timeout settings.
///
/// Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

/// Where an API key goes, as a security scheme of the spec says (`in: header|query|cookie`, `name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKey {
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

/// A credential a security requirement names: what the client may hold and send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key, where the scheme puts it.
    Key(ApiKey),
}

/// A security requirement as the spec states it: alternatives, any one of which will do, each the
/// credentials sent together. An empty alternative needs none.
///
/// A request sends the first alternative (empty ones last) whose credentials the client all holds,
/// and no other credential; when it holds none of them, the request goes without credentials and
/// the server answers for itself (`is_unauthorized`). Without a requirement (the spec states none),
/// a request sends every credential the client holds.
pub type Security = &'static [&'static [Credential]];

struct Inner {
    http: reqwest::Client,
    base_url: String,
    bearer: Option<HeaderValue>,
    basic: Option<HeaderValue>,
    /// API keys: where they go and their (sensitive) values.
    api_keys: Vec<(ApiKey, HeaderValue)>,
    /// Every form in which a credential of this client can come back from a server: what
    /// [`Inner::redact`] replaces. Longest first, so a header value goes before the token in it.
    secrets: Vec<String>,
    user_agent: HeaderValue,
    options: RequestOptions,
    /// The requirement of a request that states none (the spec's document-wide one).
    security: Option<Security>,
}

impl Inner {
    fn holds(&self, credential: Credential) -> bool {
        match credential {
            Credential::Bearer => self.bearer.is_some(),
            Credential::Basic => self.basic.is_some(),
            Credential::Key(at) => self.api_keys.iter().any(|(held, _)| *held == at),
        }
    }

    /// The credentials a request under `security` sends: `None` for every one held (no
    /// requirement stated), else the alternative chosen (empty when none can be met).
    fn chosen(&self, security: Option<Security>) -> Option<&'static [Credential]> {
        let alternatives = security?;
        let met = alternatives.iter().filter(|a| !a.is_empty()).find(|a| a.iter().all(|c| self.holds(*c)));
        Some(met.copied().unwrap_or_default())
    }
}

impl Inner {
    /// `text` with every credential this client sends replaced by `<redacted>`: what a server
    /// echoes back must not carry the key into errors and logs.
    fn redact(&self, mut text: String) -> String {
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "<redacted>");
            }
        }
        text
    }
}

/// The forms of the credentials a server may echo: each as sent (a header value, and the secret
/// inside `Bearer <token>` or `Basic <base64>`), a basic-auth password in clear, and a key sent in the
/// query or a cookie as it is encoded there. Shorter than 4 characters is too common to replace.
fn secret_forms(
    authorization: &[&HeaderValue],
    password: Option<&str>,
    api_keys: &[(ApiKey, HeaderValue)],
) -> Vec<String> {
    let mut forms = Vec::new();
    for value in authorization.iter().filter_map(|v| v.to_str().ok()) {
        forms.push(value.to_owned());
        forms.extend(value.split_once(' ').map(|(_, secret)| secret.to_owned()));
    }
    forms.extend(password.map(str::to_owned));
    for (at, value) in api_keys {
        let Ok(value) = value.to_str() else { continue };
        if matches!(at, ApiKey::Query(_) | ApiKey::Cookie(_)) {
            forms.push(crate::param::encode_value(value, false));
        }
        forms.push(value.to_owned());
    }
    forms.retain(|s| s.len() >= 4);
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.inner.base_url)
            .field("bearer", &self.inner.bearer.as_ref().map(|_| "<redacted>"))
            .field("basic", &self.inner.basic.as_ref().map(|_| "<redacted>"))
            .field("api_keys", &self.inner.api_keys.iter().map(|(at, _)| (at, "<redacted>")).collect::<Vec<_>>())
            .field("user_agent", &self.inner.user_agent)
            .field("options", &self.inner.options)
            .finish()
    }
}

/// Configures an [`ApiClient`] and wraps it in the generated client type `C`.
pub struct ClientBuilder<C = ApiClient> {
    base_url: Option<BaseUrl>,
    token: Option<Result<String, String>>,
    basic: Option<(String, Option<String>)>,
    api_keys: Vec<(ApiKey, String)>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    options: RequestOptions,
    security: Option<Security>,
    target: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|t| t.as_ref().map(|_| "<redacted>")))
            .field("basic", &self.basic.as_ref().map(|(user, _)| (user, "<redacted>")))
            .field("api_keys", &self.api_keys.iter().map(|(at, _)| (at, "<redacted>")).collect::<Vec<_>>())
            .field("user_agent", &self.user_agent)
            .field("http", &self.http.is_some())
            .field("options", &self.options)
            .finish()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            token: None,
            basic: None,
            api_keys: Vec::new(),
            user_agent: None,
            http: None,
            options: RequestOptions::default(),
            security: None,
            target: PhantomData,
        }
    }
}

/// A client type a [`ClientBuilder`] can build: generated clients wrap an [`ApiClient`] and name the
/// error body their spec documents, so building reports errors in the client's own error type.
pub trait FromApiClient: From<ApiClient> {
    /// The documented error body (`serde_json::Value` when the spec has no single one).
    type ErrorBody;
}

impl FromApiClient for ApiClient {
    type ErrorBody = serde_json::Value;
}

impl<C: FromApiClient> ClientBuilder<C> {
    /// An empty builder; [`base_url`](Self::base_url) must be set before [`build`](Self::build).
    pub fn new() -> Self {
        Self::default()
    }

    /// The server to talk to: a server of the spec or any URL.
    pub fn base_url(mut self, url: impl Into<BaseUrl>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The API key sent as `Authorization: Bearer <token>`.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Ok(token.into()));
        self
    }

    /// Takes the base URL from the environment variable `var` when it is set and not empty;
    /// otherwise keeps the one set before (a generated client's default server).
    pub fn base_url_from_env(mut self, var: &str) -> Self {
        if let Some(url) = std::env::var(var).ok().filter(|u| !u.trim().is_empty()) {
            self.base_url = Some(BaseUrl::from(url.trim()));
        }
        self
    }

    /// Reads the API key from the environment variable `var`; [`build`](Self::build) fails if it
    /// is unset or empty.
    pub fn bearer_token_from_env(mut self, var: &str) -> Self {
        self.token = Some(match std::env::var(var) {
            Ok(token) if !token.trim().is_empty() => Ok(token.trim().to_owned()),
            _ => Err(format!("the environment variable `{var}` holding the API key is not set")),
        });
        self
    }

    /// HTTP basic authentication: `Authorization: Basic base64(user:password)`.
    pub fn basic_auth(mut self, user: impl Into<String>, password: Option<String>) -> Self {
        self.basic = Some((user.into(), password));
        self
    }

    /// An API key, sent where `location` says (the generated client names each scheme's location).
    pub fn api_key(mut self, location: ApiKey, key: impl Into<String>) -> Self {
        self.api_keys.push((location, key.into()));
        self
    }

    /// Which credentials go with a request whose operation states no requirement of its own: the
    /// spec's document-wide `security` (a generated client sets it). See [`Security`].
    pub fn security(mut self, security: Security) -> Self {
        self.security = Some(security);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses a caller-built `reqwest::Client` (proxies, TLS roots, connection pool).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How many times a request may be sent in all (first try plus retries); see [`RequestOptions`].
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.options = self.options.max_attempts(attempts);
        self
    }

    /// The time one call may take in all, retries and waits included; see [`RequestOptions`].
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// Default retry and timeout settings for every request; see [`RequestOptions`].
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>> {
        let base_url = self
            .base_url
            .ok_or_else(|| Error::InvalidRequest("no base URL: call `base_url(...)` on the builder".into()))?;
        let parsed = reqwest::Url::parse(base_url.as_str())
            .map_err(|e| Error::InvalidRequest(format!("base URL `{}` is not a URL: {e}", base_url.as_str())))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::InvalidRequest(format!(
                "base URL `{}` must be an http(s) URL without query or fragment",
                base_url.as_str()
            )));
        }
        // Never echo a secret: messages say what is wrong with it, not what it is.
        let secret = |text: String, what: &str| {
            HeaderValue::try_from(text)
                .map(|mut v| {
                    v.set_sensitive(true);
                    v
                })
                .map_err(|_| {
                    Error::InvalidRequest(format!(
                        "the {what} contains characters not allowed in an HTTP header (a line break?)"
                    ))
                })
        };
        let bearer = match self.token {
            Some(Err(message)) => return Err(Error::InvalidRequest(message)),
            Some(Ok(token)) => Some(secret(format!("Bearer {token}"), "API token")?),
            None => None,
        };
        let mut password = None;
        let basic = match self.basic {
            Some((user, pass)) => {
                use base64::Engine as _;
                let pair = format!("{user}:{}", pass.as_deref().unwrap_or_default());
                password = pass;
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                Some(secret(format!("Basic {encoded}"), "basic auth user or password")?)
            }
            None => None,
        };
        let api_keys = self
            .api_keys
            .into_iter()
            .map(|(at, key)| secret(key, "API key").map(|v| (at, v)))
            .collect::<Result<Vec<_>, _>>()?;
        let user_agent =
            self.user_agent.unwrap_or_else(|| concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).into());
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|_| Error::InvalidRequest("the user agent is not a valid HTTP header value".into()))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build()?,
        };
        let held: Vec<&HeaderValue> = bearer.iter().chain(&basic).collect();
        let secrets = secret_forms(&held, password.as_deref(), &api_keys);
        let inner = Inner {
            http,
            base_url: base_url.0,
            bearer,
            basic,
            api_keys,
            secrets,
            user_agent,
            options: self.options,
            security: self.security,
        };
        Ok(C::from(ApiClient { inner: Arc::new(inner) }))
    }
}

impl ApiClient {
    /// A builder for a bare `ApiClient`.
    pub fn builder() -> ClientBuilder<ApiClient> {
        ClientBuilder::new()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Decodes a 2xx JSON body into `T`; on failure the error names the JSON path and keeps the body.
    fn decode<T: DeserializeOwned, E>(&self, status: u16, body: &[u8]) -> Result<T, Error<E>> {
        let de = &mut serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let message = e.into_inner().to_string();
            let path = member_path(path, &message);
            Error::Decode(Box::new(DecodeError::new(status, path, message, body, |t| self.inner.redact(t))))
        })
    }

    /// Starts a request to `path` (already percent-encoded, starting with `/`).
    pub fn request(&self, method: Method, path: String) -> Request {
        Request {
            client: self.clone(),
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            invalid: None,
            accept: None,
            body: Body::Empty,
            errors: &[],
            options: RequestOptions::default(),
            security: None,
        }
    }
}

enum Body {
    Empty,
    Bytes {
        bytes: Vec<u8>,
        content_type: &'static str,
    },
    Multipart(Multipart),
    /// The body could not be encoded; reported when sending.
    Invalid(String),
}

/// A successful response: the decoded value with the status and headers it came with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The HTTP status code (2xx).
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// One request on its way out; built by generated code.
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    client: ApiClient,
    method: Method,
    path: String,
    /// Query pairs, each side percent-encoded.
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    /// Cookies, values percent-encoded.
    cookies: Vec<(String, String)>,
    /// A parameter that could not be serialized; reported when sending.
    invalid: Option<String>,
    /// The media type the success response comes in, when it is not JSON.
    accept: Option<&'static str>,
    body: Body,
    errors: &'static [(u16, &'static str)],
    options: RequestOptions,
    /// The operation's own security requirement, when it has one.
    security: Option<Security>,
}

impl Request {
    /// Adds query pairs as they are (encoding each side); a key may repeat (`roles[]=A&roles[]=B`).
    pub fn query(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.query.extend(pairs.iter().map(|(k, v)| encode_query_pair(k, v)));
        self
    }

    /// Asks for the success response in `media` (the spec's media type when it is not JSON); JSON,
    /// what error bodies usually are, stays acceptable after it.
    pub fn accept(mut self, media: &'static str) -> Self {
        self.accept = Some(media);
        self
    }

    /// Adds a header as it is.
    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a cookie as it is (sent together with the others in one `Cookie` header).
    pub fn cookie(mut self, name: &'static str, value: String) -> Self {
        self.cookies.push(encode_cookie(name, &value));
        self
    }

    /// `value` as a styled node; a value that cannot be one marks the request invalid.
    fn node<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<style::Node> {
        match style::node(value) {
            Ok(node) => Some(node),
            Err(e) => {
                self.invalid.get_or_insert_with(|| format!("parameter `{name}` cannot be sent: {e}"));
                None
            }
        }
    }

    /// `value` as JSON text (a parameter with `content: application/json`); `None` for `null`.
    fn json_text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<String> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => None,
            Ok(json) => Some(json.to_string()),
            Err(e) => {
                self.invalid.get_or_insert_with(|| format!("parameter `{name}` cannot be sent as JSON: {e}"));
                None
            }
        }
    }

    /// Puts path parameter `name` into the path (its `{name}`), in the parameter's style.
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: Style) -> Self {
        let text = match style {
            Style::Json => self.json_text(name, value).map(|t| crate::param::encode_path_segment(&t)),
            _ => self.node(name, value).map(|node| style::path(name, &node, style)),
        };
        if let Some(text) = text {
            self.path = self.path.replace(&format!("{{{name}}}"), &text);
        }
        self
    }

    /// Adds query parameter `name` in its style; `None` (and an empty list or object) sends nothing.
    pub fn query_param<T: Serialize + ?Sized>(self, name: &str, value: &T, style: Style) -> Self {
        self.query_styled(name, value, style, false)
    }

    /// [`query_param`](Self::query_param) for a parameter with `allowReserved`: reserved characters
    /// (`:/?[]@!$&'()*+,;=`) go out as they are.
    pub fn query_param_reserved<T: Serialize + ?Sized>(self, name: &str, value: &T, style: Style) -> Self {
        self.query_styled(name, value, style, true)
    }

    fn query_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: Style, reserved: bool) -> Self {
        if style == Style::Json {
            if let Some(text) = self.json_text(name, value) {
                self.query.push(encode_query_pair(name, &text));
            }
        } else if let Some(node) = self.node(name, value) {
            style::query(name, &node, style, reserved, &mut self.query);
        }
        self
    }

    /// Adds header parameter `name` (`simple`, or JSON text for [`Style::Json`]).
    pub fn header_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T, style: Style) -> Self {
        let text = match style {
            Style::Json => self.json_text(name, value),
            _ => self
                .node(name, value)
                .and_then(|node| style::header(&node, matches!(style, Style::Simple { explode: true }))),
        };
        if let Some(text) = text {
            self.headers.push((name, text));
        }
        self
    }

    /// Adds cookie parameter `name` (`form`, or JSON text for [`Style::Json`]).
    pub fn cookie_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: Style) -> Self {
        match style {
            Style::Json => {
                if let Some(text) = self.json_text(name, value) {
                    self.cookies.push(encode_cookie(name, &text));
                }
            }
            _ => {
                if let Some(node) = self.node(name, value) {
                    style::cookies(name, &node, matches!(style, Style::Form { explode: true }), &mut self.cookies);
                }
            }
        }
        self
    }

    /// Sets a body sent as is, with its content type.
    pub fn raw(mut self, bytes: impl Into<Vec<u8>>, content_type: &'static str) -> Self {
        self.body = Body::Bytes { bytes: bytes.into(), content_type };
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.json_media(body, "application/json")
    }

    /// Sets a JSON body sent as `media`, the JSON media type the spec names
    /// (`application/vnd.amadeus+json`, `application/merge-patch+json`).
    pub fn json_media<T: Serialize + ?Sized>(mut self, body: &T, media: &'static str) -> Self {
        self.body = match serde_json::to_vec(body) {
            Ok(bytes) => Body::Bytes { bytes, content_type: media },
            Err(e) => Body::Invalid(format!("could not encode the request body as JSON: {e}")),
        };
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property of `body` as a field in the
    /// style its `encoding` gives (`(property, style, allowReserved)`), by default `form`, exploded.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T, encoding: &[(&str, Style, bool)]) -> Self {
        self.body = match style::node(body) {
            Ok(style::Node::Object(props)) => {
                let mut fields = Vec::new();
                for (name, value) in &props {
                    let (style, reserved) = encoding
                        .iter()
                        .find(|(n, _, _)| n == name)
                        .map_or((Style::Form { explode: true }, false), |(_, s, r)| (*s, *r));
                    style::query(name, value, style, reserved, &mut fields);
                }
                let text = join_query(&fields);
                Body::Bytes { bytes: text.into_bytes(), content_type: "application/x-www-form-urlencoded" }
            }
            Ok(_) => Body::Invalid("a form body must be an object".into()),
            Err(e) => Body::Invalid(format!("could not encode the request body as a form: {e}")),
        };
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// The error statuses the spec documents for this operation, with their descriptions.
    pub fn documented_errors(mut self, errors: &'static [(u16, &'static str)]) -> Self {
        self.errors = errors;
        self
    }

    /// The operation's own security requirement, replacing the document's: which credentials go
    /// with this request (see [`Security`]).
    pub fn security(mut self, security: Security) -> Self {
        self.security = Some(security);
        self
    }

    /// Overrides the client's retry and timeout settings for this request.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Sends the request, retrying as configured, and returns the 2xx response's status, headers
    /// and body.
    async fn execute<E: DeserializeOwned>(mut self) -> Result<Response<Vec<u8>>, Error<E>> {
        let inner = &self.client.inner;
        let options = inner.options.overridden_by(&self.options);
        if let Some(message) = self.invalid.take() {
            return Err(Error::InvalidRequest(message));
        }
        let mut query = std::mem::take(&mut self.query);
        let mut cookies = std::mem::take(&mut self.cookies);
        let chosen = inner.chosen(self.security.or(inner.security));
        let sends = |credential: Credential| chosen.map_or(inner.holds(credential), |c| c.contains(&credential));
        let mut key_headers = Vec::new();
        let keys = inner.api_keys.iter().filter(|(at, _)| sends(Credential::Key(*at)));
        let keys: Vec<&(ApiKey, HeaderValue)> = keys.collect();
        for (at, value) in keys.iter().copied() {
            let text = value.to_str().unwrap_or_default();
            match at {
                ApiKey::Header(name) => key_headers.push((*name, value.clone())),
                ApiKey::Query(name) => query.push(encode_query_pair(name, text)),
                ApiKey::Cookie(name) => cookies.push(encode_cookie(name, text)),
            }
        }
        // A key in the URL must not reach error messages, which quote the URL.
        let secret_in_url = keys.iter().any(|(at, _)| matches!(at, ApiKey::Query(_)));
        let transport = |e: reqwest::Error| Error::Transport(if secret_in_url { e.without_url() } else { e });
        // A `#` in a path template (AWS's `/#X-Amz-Target=...`) is part of the path, not the start
        // of a fragment; parameter values are encoded already, so any `#` here is the template's.
        let mut url = format!("{}{}", inner.base_url, self.path.replace('#', "%23"));
        if !query.is_empty() {
            url.push('?');
            url.push_str(&join_query(&query));
        }
        let url = reqwest::Url::parse(&url).map_err(|e| {
            let shown = if secret_in_url { "(hidden: it holds an API key)" } else { url.as_str() };
            Error::InvalidRequest(format!("bad URL `{shown}`: {e}"))
        })?;
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, inner.user_agent.clone());
        let accept = match self.accept {
            Some("*/*") => HeaderValue::from_static("*/*"),
            Some(media) => HeaderValue::try_from(format!("{media}, application/json;q=0.5"))
                .map_err(|_| Error::InvalidRequest(format!("`{media}` is not a valid media type")))?,
            None => HeaderValue::from_static("application/json"),
        };
        headers.insert(ACCEPT, accept);
        // One `Authorization` header: bearer first, as when both could go.
        let bearer = inner.bearer.as_ref().filter(|_| sends(Credential::Bearer));
        let basic = inner.basic.as_ref().filter(|_| sends(Credential::Basic));
        if let Some(auth) = bearer.or(basic) {
            headers.insert(AUTHORIZATION, auth.clone());
        }
        for (name, value) in &self.headers {
            let value = HeaderValue::try_from(value.as_str()).map_err(|_| {
                Error::InvalidRequest(format!("the value of header `{name}` is not a valid header value"))
            })?;
            headers.append(*name, value);
        }
        for (name, value) in key_headers {
            headers.insert(name, value);
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::try_from(join_cookies(&cookies))
                .map_err(|_| Error::InvalidRequest("a cookie parameter is not a valid header value".into()))?;
            value.set_sensitive(keys.iter().any(|(at, _)| matches!(at, ApiKey::Cookie(_))));
            headers.insert(reqwest::header::COOKIE, value);
        }
        if let Body::Invalid(message) = self.body {
            return Err(Error::InvalidRequest(message));
        }

        // Only requests that can safely be repeated are retried, unless the caller says otherwise.
        let idempotent = matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
        );
        let attempts = if idempotent || options.retries_non_idempotent() { options.attempts() } else { 1 };
        let start = Instant::now();
        let deadline = options.overall_timeout().map(|t| (start + t, t));
        let timed_out = |attempt: u32| match deadline {
            Some((_, after)) => Error::Timeout { after, attempts: attempt },
            None => Error::InvalidRequest("timeout without a deadline".into()),
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = inner.http.request(self.method.clone(), url.clone()).headers(headers.clone());
            if let Some((at, _)) = deadline {
                let left = at.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(timed_out(attempt - 1));
                }
                req = req.timeout(left);
            }
            req = match &self.body {
                Body::Empty | Body::Invalid(_) => req,
                Body::Bytes { bytes, content_type } => req.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
                Body::Multipart(form) => req.multipart(form.to_form()?),
            };
            let last = attempt >= attempts;
            let wait = match req.send().await {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let limit = options.response_limit();
                    let too_large = Error::ResponseTooLarge { limit, status };
                    if response.content_length().is_some_and(|n| n > limit as u64) {
                        return Err(too_large);
                    }
                    // Read in chunks, so a body without end (or a lying length) stops at the limit.
                    let mut body = Vec::new();
                    loop {
                        match response.chunk().await {
                            Ok(Some(chunk)) if body.len() + chunk.len() > limit => return Err(too_large),
                            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                            Ok(None) => break,
                            Err(e) if e.is_timeout() => return Err(timed_out(attempt)),
                            Err(e) => return Err(transport(e)),
                        }
                    }
                    if (200..300).contains(&status) {
                        return Ok(Response { status, headers, value: body });
                    }
                    let retryable = matches!(status, 429 | 500 | 502 | 503 | 504);
                    let wait = retry_after(&headers).unwrap_or_else(|| backoff(&options, attempt));
                    let description = self.errors.iter().find(|(s, _)| *s == status).map(|(_, d)| *d);
                    let raw = inner.redact(String::from_utf8_lossy(&body).into_owned());
                    let error = Error::Api(Box::new(ApiError::new(status, headers, raw, description)));
                    if last || !retryable {
                        return Err(error);
                    }
                    (wait, error)
                }
                Err(e) if e.is_timeout() => return Err(timed_out(attempt)),
                // Connection failures never reached the server's logic: safe to try again.
                Err(e) if !last && (e.is_connect() || e.is_request()) => (backoff(&options, attempt), transport(e)),
                Err(e) => return Err(transport(e)),
            };
            let (wait, error) = wait;
            if deadline.is_some_and(|(at, _)| Instant::now() + wait >= at) {
                // Waiting would pass the deadline (a `Retry-After: 3600`, say): report what the
                // server said now rather than sleep into a timeout.
                return Err(error);
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends the request and decodes a JSON success body into `T`.
    pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<Response<T>, Error<E>> {
        let client = self.client.clone();
        let response = self.execute().await?;
        let value = client.decode(response.status, &response.value)?;
        Ok(Response { status: response.status, headers: response.headers, value })
    }

    /// Sends the request and decodes the success body as any JSON (an empty body is `null`): the
    /// way to the data when the documented schema does not match what the server sends.
    pub async fn send_value<E: DeserializeOwned>(self) -> Result<Response<serde_json::Value>, Error<E>> {
        let client = self.client.clone();
        let response = self.execute().await?;
        let value = if response.value.iter().all(u8::is_ascii_whitespace) {
            serde_json::Value::Null
        } else {
            client.decode(response.status, &response.value)?
        };
        Ok(Response { status: response.status, headers: response.headers, value })
    }

    /// Sends the request and ignores any success body.
    pub async fn send_empty<E: DeserializeOwned>(self) -> Result<Response<()>, Error<E>> {
        let response = self.execute().await?;
        Ok(Response { status: response.status, headers: response.headers, value: () })
    }

    /// Sends the request and returns the success body as bytes.
    pub async fn send_bytes<E: DeserializeOwned>(self) -> Result<Response<Vec<u8>>, Error<E>> {
        self.execute().await
    }

    /// Sends the request and returns the success body as text.
    pub async fn send_text<E: DeserializeOwned>(self) -> Result<Response<String>, Error<E>> {
        let client = self.client.clone();
        let response = self.execute().await?;
        let value = match String::from_utf8(response.value) {
            Ok(text) => text,
            Err(e) => {
                let inner = &client.inner;
                let message = e.utf8_error().to_string();
                let error = DecodeError::new(response.status, ".".into(), message, e.as_bytes(), |t| inner.redact(t));
                return Err(Error::Decode(Box::new(error)));
            }
        };
        Ok(Response { status: response.status, headers: response.headers, value })
    }
}

/// serde reports a missing member at the object holding it (`data[0].user`, "missing field `id`");
/// the path of the member itself (`data[0].user.id`) is what a reader looks for.
fn member_path(path: String, message: &str) -> String {
    let missing = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    match missing {
        Some(field) if path == "." => field.to_owned(),
        Some(field) => format!("{path}.{field}"),
        None => path,
    }
}

/// The body of a response, as a boxed future: what a request builder's `send()` returns. One
/// generic future here instead of an `async fn` per operation keeps large generated crates quick
/// to compile; the box is one allocation per request.
pub fn body<T: Send + 'static, E: Send + 'static>(
    response: impl Future<Output = Result<Response<T>, Error<E>>> + Send + 'static,
) -> BoxFuture<Result<T, Error<E>>> {
    Box::pin(async move { response.await.map(Response::into_value) })
}
