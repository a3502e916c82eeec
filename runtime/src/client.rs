use crate::param::{encode_cookies, encode_query};
use crate::retry::{backoff, retry_after, RequestOptions};
use crate::value::Multipart;
use crate::{ApiError, Error};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Instant;

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

/// The transport shared by every operation: a `reqwest::Client`, the base URL, the credentials and
/// the default retry and timeout settings.
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
    options: RequestOptions,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.inner.base_url)
            .field("authorization", &self.inner.authorization.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.inner.user_agent)
            .field("options", &self.inner.options)
            .finish()
    }
}

/// Configures an [`ApiClient`] and wraps it in the generated client type `C`.
pub struct ClientBuilder<C = ApiClient> {
    base_url: Option<BaseUrl>,
    token: Option<Result<String, String>>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    options: RequestOptions,
    target: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|t| t.as_ref().map(|_| "<redacted>")))
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
            user_agent: None,
            http: None,
            options: RequestOptions::default(),
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

    /// Reads the API key from the environment variable `var`; [`build`](Self::build) fails if it
    /// is unset or empty.
    pub fn bearer_token_from_env(mut self, var: &str) -> Self {
        self.token = Some(match std::env::var(var) {
            Ok(token) if !token.trim().is_empty() => Ok(token.trim().to_owned()),
            _ => Err(format!("the environment variable `{var}` holding the API key is not set")),
        });
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
        let authorization = match self.token {
            None => None,
            Some(Err(message)) => return Err(Error::InvalidRequest(message)),
            Some(Ok(token)) => {
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
        let inner = Inner { http, base_url: base_url.0, authorization, user_agent, options: self.options };
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

    /// Starts a request to `path` (already percent-encoded, starting with `/`).
    pub fn request(&self, method: Method, path: String) -> Request<'_> {
        Request {
            client: self,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::Empty,
            errors: &[],
            options: RequestOptions::default(),
        }
    }
}

enum Body {
    Empty,
    Bytes { bytes: Vec<u8>, content_type: &'static str },
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
pub struct Request<'a> {
    client: &'a ApiClient,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Body,
    errors: &'static [(u16, &'static str)],
    options: RequestOptions,
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
        self.body = Body::Bytes { bytes: bytes.into(), content_type };
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = match serde_json::to_vec(body) {
            Ok(bytes) => Body::Bytes { bytes, content_type: "application/json" },
            Err(e) => Body::Invalid(format!("could not encode the request body as JSON: {e}")),
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

    /// Overrides the client's retry and timeout settings for this request.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Sends the request, retrying as configured, and returns the 2xx response's status, headers
    /// and body.
    async fn execute<E: DeserializeOwned>(self) -> Result<Response<Vec<u8>>, Error<E>> {
        let inner = &self.client.inner;
        let options = inner.options.overridden_by(&self.options);
        let mut url = format!("{}{}", inner.base_url, self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&encode_query(&self.query));
        }
        let url = reqwest::Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("bad URL `{url}`: {e}")))?;
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(auth) = &inner.authorization {
            headers.insert(AUTHORIZATION, auth.clone());
        }
        for (name, value) in &self.headers {
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` is not a valid header value")))?;
            headers.append(*name, value);
        }
        if !self.cookies.is_empty() {
            let value = HeaderValue::try_from(encode_cookies(&self.cookies))
                .map_err(|_| Error::InvalidRequest("a cookie parameter is not a valid header value".into()))?;
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
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let body = match response.bytes().await {
                        Ok(body) => body,
                        Err(e) if e.is_timeout() => return Err(timed_out(attempt)),
                        Err(e) => return Err(Error::Transport(e)),
                    };
                    if (200..300).contains(&status) {
                        return Ok(Response { status, headers, value: body.to_vec() });
                    }
                    let retryable = matches!(status, 429 | 500 | 502 | 503 | 504);
                    if last || !retryable {
                        let description = self.errors.iter().find(|(s, _)| *s == status).map(|(_, d)| *d);
                        return Err(Error::Api(Box::new(ApiError::new(status, headers, &body, description))));
                    }
                    retry_after(&headers).unwrap_or_else(|| backoff(&options, attempt))
                }
                Err(e) if e.is_timeout() => return Err(timed_out(attempt)),
                // Connection failures never reached the server's logic: safe to try again.
                Err(e) if !last && (e.is_connect() || e.is_request()) => backoff(&options, attempt),
                Err(e) => return Err(Error::Transport(e)),
            };
            if let Some((at, _)) = deadline {
                if Instant::now() + wait >= at {
                    // Waiting would pass the deadline: give up now rather than sleep into a timeout.
                    return Err(timed_out(attempt));
                }
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends the request and decodes a JSON success body into `T`.
    pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<Response<T>, Error<E>> {
        let response = self.execute().await?;
        let de = &mut serde_json::Deserializer::from_slice(&response.value);
        let value = serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
            status: response.status,
        })?;
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
        let response = self.execute().await?;
        let value = String::from_utf8(response.value)
            .map_err(|e| Error::Decode { path: ".".into(), message: e.to_string(), status: response.status })?;
        Ok(Response { status: response.status, headers: response.headers, value })
    }
}
