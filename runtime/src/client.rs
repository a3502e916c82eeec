use crate::param::{encode_cookies, encode_query};
use crate::Error;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// The root URL that operation paths are appended to, e.g. `https://public-api.drata.com/public`.
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

/// The transport shared by every operation: a `reqwest::Client`, the base URL and the credentials.
///
/// Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    authorization: Option<HeaderValue>,
    user_agent: HeaderValue,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.inner.base_url)
            .field("authorization", &self.inner.authorization.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.inner.user_agent)
            .finish()
    }
}

/// Configures an [`ApiClient`] and wraps it in the generated client type `C`.
pub struct ClientBuilder<C = ApiClient> {
    base_url: Option<BaseUrl>,
    token: Option<String>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    target: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("http", &self.http.is_some())
            .finish()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder { base_url: None, token: None, user_agent: None, http: None, target: PhantomData }
    }
}

impl<C: From<ApiClient>> ClientBuilder<C> {
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
        self.token = Some(token.into());
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses a caller-built `reqwest::Client` (proxies, TLS roots, timeouts, connection pool).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<C, Error> {
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
        let authorization = match self.token {
            None => None,
            Some(token) => {
                // Never echo the token: the message says what is wrong with it, not what it is.
                let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
                    Error::InvalidRequest(
                        "the API token contains characters not allowed in an HTTP header (a line break?)".into(),
                    )
                })?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        let user_agent = self.user_agent.unwrap_or_else(|| concat!("drata-runtime/", env!("CARGO_PKG_VERSION")).into());
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|_| Error::InvalidRequest("the user agent is not a valid HTTP header value".into()))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build()?,
        };
        Ok(C::from(ApiClient { inner: Arc::new(Inner { http, base_url: base_url.0, authorization, user_agent }) }))
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

    /// Starts a request to `path` (already percent-encoded, starting with `/`).
    pub fn request(&self, method: Method, path: String) -> Request<'_> {
        Request { client: self, method, path, query: Vec::new(), headers: Vec::new(), cookies: Vec::new(), body: Body::Empty }
    }
}

enum Body {
    Empty,
    Json(Vec<u8>),
    Multipart(reqwest::multipart::Form),
    Raw { bytes: Vec<u8>, content_type: &'static str },
}

/// One request on its way out; built by generated code.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'a> {
    client: &'a ApiClient,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Body,
}

impl Request<'_> {
    /// Adds query pairs; a key may repeat (`roles[]=A&roles[]=B`).
    pub fn query(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.query.extend(pairs);
        self
    }

    /// Adds a header parameter.
    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a cookie parameter (sent together in one `Cookie` header).
    pub fn cookie(mut self, name: &'static str, value: String) -> Self {
        self.cookies.push((name, value));
        self
    }

    /// Sets a body sent as is, with its content type.
    pub fn raw(mut self, bytes: impl Into<Vec<u8>>, content_type: &'static str) -> Self {
        self.body = Body::Raw { bytes: bytes.into(), content_type };
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidRequest(format!("could not encode the request body as JSON: {e}")))?;
        self.body = Body::Json(bytes);
        Ok(self)
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: reqwest::multipart::Form) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    async fn execute(self) -> Result<(u16, Vec<u8>), Error> {
        let inner = &self.client.inner;
        let mut url = format!("{}{}", inner.base_url, self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&encode_query(&self.query));
        }
        let url = reqwest::Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("bad URL `{url}`: {e}")))?;
        let mut req = inner
            .http
            .request(self.method, url)
            .header(USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, "application/json");
        if let Some(auth) = &inner.authorization {
            req = req.header(AUTHORIZATION, auth.clone());
        }
        for (name, value) in self.headers {
            let value = HeaderValue::try_from(value)
                .map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` is not a valid header value")))?;
            req = req.header(name, value);
        }
        if !self.cookies.is_empty() {
            let cookie = encode_cookies(&self.cookies);
            let value = HeaderValue::try_from(cookie)
                .map_err(|_| Error::InvalidRequest("a cookie parameter is not a valid header value".into()))?;
            req = req.header(reqwest::header::COOKIE, value);
        }
        req = match self.body {
            Body::Empty => req,
            Body::Json(bytes) => req.header(CONTENT_TYPE, "application/json").body(bytes),
            Body::Multipart(form) => req.multipart(form),
            Body::Raw { bytes, content_type } => req.header(CONTENT_TYPE, content_type).body(bytes),
        };
        let response = req.send().await?;
        let status = response.status().as_u16();
        let body = response.bytes().await?.to_vec();
        if !(200..300).contains(&status) {
            return Err(Error::Api { status, body: String::from_utf8_lossy(&body).into_owned() });
        }
        Ok((status, body))
    }

    /// Sends the request and decodes a JSON success body into `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let (status, body) = self.execute().await?;
        let de = &mut serde_json::Deserializer::from_slice(&body);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            Error::Decode { path, message: e.into_inner().to_string(), status }
        })
    }

    /// Sends the request and ignores any success body.
    pub async fn send_empty(self) -> Result<(), Error> {
        self.execute().await.map(|_| ())
    }

    /// Sends the request and returns the success body as bytes.
    pub async fn send_bytes(self) -> Result<Vec<u8>, Error> {
        self.execute().await.map(|(_, body)| body)
    }

    /// Sends the request and returns the success body as text.
    pub async fn send_text(self) -> Result<String, Error> {
        let (status, body) = self.execute().await?;
        String::from_utf8(body)
            .map_err(|e| Error::Decode { path: ".".into(), message: e.to_string(), status })
    }
}
