//! The runtime's wire behaviour against a real HTTP server on 127.0.0.1: every authentication scheme
//! the generator supports, form and raw bodies, header and cookie parameters, and secrets kept out
//! of errors.

use drata_runtime::reqwest::Method;
use drata_runtime::{ApiClient, ApiKey, Credential, Error, Multipart, Security};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/x")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn api_keys_go_where_the_scheme_says() {
    let server = ok_server().await;
    let client: ApiClient = ApiClient::builder()
        .base_url(server.uri())
        .api_key(ApiKey::Header("X-API-Key"), "h-secret")
        .api_key(ApiKey::Query("api_key"), "q secret")
        .api_key(ApiKey::Cookie("session"), "c-secret")
        .build()
        .unwrap();
    client
        .request(Method::POST, "/x".into())
        .query(vec![("page", "2".into())])
        .cookie("theme", "dark mode".into())
        .header("X-Trace", "t-1".into())
        .send_empty::<serde_json::Value>()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.headers.get("x-api-key").unwrap(), "h-secret");
    assert_eq!(request.url.query(), Some("page=2&api_key=q%20secret"));
    assert_eq!(request.headers.get("cookie").unwrap(), "theme=dark%20mode; session=c-secret");
    assert_eq!(request.headers.get("x-trace").unwrap(), "t-1");
    assert!(request.headers.get("authorization").is_none());
    let debug = format!("{client:?}");
    assert!(!debug.contains("secret"), "{debug}");
}

/// What a request under `security` carries, from a client holding a bearer token, a header key and
/// a query key (no basic credentials, no cookie key): (authorization, header key, query).
async fn credentials_sent(document: Option<Security>, own: Option<Security>) -> (bool, bool, Option<String>) {
    let server = ok_server().await;
    let mut builder = ApiClient::builder()
        .base_url(server.uri())
        .bearer_token("tok-1")
        .api_key(ApiKey::Header("X-Key"), "hk-1")
        .api_key(ApiKey::Query("key"), "qk-1");
    if let Some(security) = document {
        builder = builder.security(security);
    }
    let client: ApiClient = builder.build().unwrap();
    let mut request = client.request(Method::POST, "/x".into());
    if let Some(security) = own {
        request = request.security(security);
    }
    request.send_empty::<serde_json::Value>().await.unwrap();
    let request = only_request(&server).await;
    let authorization = request.headers.get("authorization").map(|v| v.to_str().unwrap().to_owned());
    assert!(authorization.as_deref().is_none_or(|v| v == "Bearer tok-1"), "{authorization:?}");
    (authorization.is_some(), request.headers.get("x-key").is_some(), request.url.query().map(str::to_owned))
}

#[tokio::test]
async fn each_request_sends_only_the_credentials_its_operation_requires() {
    const BEARER: Credential = Credential::Bearer;
    const HEADER_KEY: Credential = Credential::Key(ApiKey::Header("X-Key"));
    const QUERY_KEY: Credential = Credential::Key(ApiKey::Query("key"));
    const COOKIE_KEY: Credential = Credential::Key(ApiKey::Cookie("sid"));
    // No requirement anywhere: everything the client holds.
    assert_eq!(credentials_sent(None, None).await, (true, true, Some("key=qk-1".into())));
    // The document's requirement applies where an operation states none.
    assert_eq!(credentials_sent(Some(&[&[BEARER]]), None).await, (true, false, None));
    // An operation's own replaces it: `security: []` sends nothing, a key scheme only that key.
    assert_eq!(credentials_sent(Some(&[&[BEARER]]), Some(&[])).await, (false, false, None));
    assert_eq!(
        credentials_sent(Some(&[&[BEARER]]), Some(&[&[QUERY_KEY]])).await,
        (false, false, Some("key=qk-1".into()))
    );
    // Alternatives: the first the client can meet in full, here the second.
    let either: Security = &[&[COOKIE_KEY], &[HEADER_KEY, QUERY_KEY], &[BEARER]];
    assert_eq!(credentials_sent(None, Some(either)).await, (false, true, Some("key=qk-1".into())));
    // Optional security (`{}` beside a scheme): the scheme's credential when the client has it.
    assert_eq!(credentials_sent(None, Some(&[&[], &[HEADER_KEY]])).await, (false, true, None));
    // Nothing the client holds meets it: no credential goes, the server answers for itself.
    assert_eq!(credentials_sent(None, Some(&[&[COOKIE_KEY], &[Credential::Basic]])).await, (false, false, None));
}

#[tokio::test]
async fn basic_auth_and_form_bodies() {
    let server = ok_server().await;
    let client: ApiClient =
        ApiClient::builder().base_url(server.uri()).basic_auth("ada", Some("p@ss".into())).build().unwrap();
    #[derive(serde::Serialize)]
    struct Form {
        name: &'static str,
        count: u32,
    }
    let form = Form { name: "a b&c", count: 3 };
    client.request(Method::POST, "/x".into()).form(&form, &[]).send_empty::<()>().await.unwrap();
    let request = only_request(&server).await;
    // base64("ada:p@ss")
    assert_eq!(request.headers.get("authorization").unwrap(), "Basic YWRhOnBAc3M=");
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(request.body, b"name=a%20b%26c&count=3");
}

#[tokio::test]
async fn raw_bodies_and_multipart_text_parts() {
    let server = ok_server().await;
    let client = ApiClient::builder().base_url(server.uri()).build().unwrap();
    client
        .request(Method::POST, "/x".into())
        .raw(b"%PDF".to_vec(), "application/pdf")
        .send_empty::<()>()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        (request.headers.get("content-type").unwrap().to_str().unwrap(), &request.body[..]),
        ("application/pdf", &b"%PDF"[..])
    );
    server.reset().await;
    Mock::given(method("POST")).and(path("/x")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let form = Multipart::new()
        .text("a", "1".into())
        .json("b", &serde_json::json!({"k": [1]}))
        .text("c", "# notes".into())
        .content_type("text/markdown")
        .json("d", &serde_json::json!([2]))
        .content_type("application/vnd.list+json")
        .header("x-rate-class", "bulk")
        .file("e", drata_runtime::FilePart::from_bytes(b"PNG".to_vec(), "e.png"))
        .header("x-source", "camera");
    client.request(Method::POST, "/x".into()).multipart(form).send_empty::<()>().await.unwrap();
    let body = String::from_utf8(only_request(&server).await.body).unwrap();
    assert!(body.contains("name=\"a\"\r\n\r\n1\r\n"), "{body}");
    assert!(body.contains("name=\"b\"\r\nContent-Type: application/json\r\n\r\n{\"k\":[1]}"), "{body}");
    // A part's `encoding.contentType`, for text and JSON parts alike.
    assert!(body.contains("name=\"c\"\r\nContent-Type: text/markdown\r\n\r\n# notes\r\n"), "{body}");
    // And its `encoding.headers`, on any kind of part.
    let d = body.split("name=\"d\"").nth(1).and_then(|rest| rest.split("\r\n\r\n").next()).unwrap();
    assert!(d.contains("Content-Type: application/vnd.list+json") && d.contains("x-rate-class: bulk"), "{body}");
    let e = body.split("name=\"e\"").nth(1).and_then(|rest| rest.split("\r\n\r\n").next()).unwrap();
    assert!(e.contains("x-source: camera"), "{body}");
    // A header the spec gives in a form HTTP cannot carry is an error, not a panic.
    let bad = Multipart::new().text("a", "1".into()).header("x-bad", "line\nbreak");
    let err = client.request(Method::POST, "/x".into()).multipart(bad).send_empty::<()>().await.unwrap_err();
    assert!(err.to_string().contains("part `a`"), "{err}");
}

/// A JSON body in the media type the spec names, and an `Accept` for the one its response has.
#[tokio::test]
async fn json_of_a_media_type_of_its_own() {
    let server = ok_server().await;
    let client = ApiClient::builder().base_url(server.uri()).build().unwrap();
    client
        .request(Method::POST, "/x".into())
        .json_media(&serde_json::json!({"origin": "LIS"}), "application/vnd.travel+json")
        .accept("application/vnd.travel+json")
        .send_empty::<()>()
        .await
        .unwrap();
    let request = only_request(&server).await;
    let header = |name: &str| request.headers.get(name).unwrap().to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/vnd.travel+json");
    assert_eq!(header("accept"), "application/vnd.travel+json, application/json;q=0.5");
    assert_eq!(request.body, br#"{"origin":"LIS"}"#);
}

/// The parts of a multipart body, in order: (name, headers, body).
fn parts(request: &wiremock::Request) -> Vec<(String, String, String)> {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.split("boundary=").nth(1).unwrap();
    let body = String::from_utf8(request.body.clone()).unwrap();
    body.split(&format!("--{boundary}"))
        .filter_map(|part| {
            let (head, text) = part.trim_start_matches("\r\n").split_once("\r\n\r\n")?;
            let name = head.split("name=\"").nth(1)?.split('"').next()?.to_owned();
            Some((name, head.to_owned(), text.trim_end_matches("\r\n").to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn styled_multipart_properties_are_the_parts_their_style_writes() {
    use drata_runtime::Style;
    let server = ok_server().await;
    let client = ApiClient::builder().base_url(server.uri()).build().unwrap();
    let object = serde_json::json!({"bar": "c", "foo": "a b"});
    let form = Multipart::new()
        // OpenAPI 3.1: each name=value pair the style writes is a part of that name.
        .styled("object", &object, Style::form(true), false)
        .header("x-kind", "pair")
        .styled("list", &["x", "y,z"], Style::form(false), false)
        .styled("tags", &["p", "q"], Style::form(true), false)
        .styled("deep", &object, Style::DeepObject, false)
        .styled("piped", &["1", "2"], Style::PipeDelimited, false)
        .styled("empty", &Vec::<String>::new(), Style::form(true), false)
        .styled("one", &7, Style::form(true), false);
    client.request(Method::POST, "/x".into()).multipart(form).send_empty::<()>().await.unwrap();
    let sent = parts(&only_request(&server).await);
    let pairs: Vec<_> = sent.iter().map(|(name, _, body)| (name.as_str(), body.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("bar", "c"),
            ("foo", "a%20b"),
            // The style's delimiter as it is, a comma inside a value encoded.
            ("list", "x,y%2Cz"),
            ("tags", "p"),
            ("tags", "q"),
            ("deep[bar]", "c"),
            ("deep[foo]", "a%20b"),
            ("piped", "1|2"),
            ("one", "7"),
        ]
    );
    // The property's encoding headers go with each of its parts; none is typed JSON.
    assert!(sent[..2].iter().all(|(_, head, _)| head.contains("x-kind: pair")), "{sent:?}");
    assert!(!sent[2].1.contains("x-kind"), "{sent:?}");
    assert!(sent.iter().all(|(_, head, _)| !head.contains("application/json")), "{sent:?}");
}

#[tokio::test]
async fn a_key_in_the_query_never_reaches_an_error_message() {
    // Nothing listens on port 9 of 127.0.0.1: the connection fails and the error must not quote the URL.
    let client: ApiClient = ApiClient::builder()
        .base_url("http://127.0.0.1:9")
        .api_key(ApiKey::Query("api_key"), "leaky-secret")
        .options(drata_runtime::RequestOptions::new().max_attempts(1))
        .build()
        .unwrap();
    let err = client.request(Method::GET, "/x".into()).send_empty::<()>().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.to_string().contains("leaky-secret") && !format!("{err:?}").contains("leaky-secret"), "{err}");
}

#[tokio::test]
async fn secrets_with_line_breaks_are_refused_without_being_echoed() {
    let err =
        ApiClient::builder().base_url("http://127.0.0.1:9").api_key(ApiKey::Header("K"), "a\nb").build().unwrap_err();
    assert!(err.to_string().contains("API key") && !err.to_string().contains("a\nb"), "{err}");
}

#[tokio::test]
async fn path_and_query_values_cannot_change_the_target_or_add_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = ApiClient::builder().base_url(server.uri()).build().unwrap();
    let hostile = "../admin?x=1#frag\r\nX-Injected: yes";
    let path = format!("/items/{}", drata_runtime::encode_path_segment(hostile));
    client.request(Method::GET, path).query(vec![("q", hostile.into())]).send_empty::<()>().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/..%2Fadmin%3Fx%3D1%23frag%0D%0AX-Injected%3A%20yes");
    assert_eq!(request.url.query(), Some("q=..%2Fadmin%3Fx%3D1%23frag%0D%0AX-Injected%3A%20yes"));
    assert!(request.headers.get("x-injected").is_none());
}

#[tokio::test]
async fn the_token_never_appears_in_debug_display_or_errors() {
    const TOKEN: &str = "sk-live-0123456789abcdef";
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/401")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/bad-json"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)))
        .mount(&server)
        .await;
    // A server that echoes the credential back, in an error body and in a body that does not decode.
    let echo = format!("{{\"message\": \"rejected Bearer {TOKEN}\"");
    Mock::given(method("GET"))
        .and(path("/echo-403"))
        .respond_with(ResponseTemplate::new(403).set_body_string(format!("{echo}}}")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/echo-200"))
        .respond_with(ResponseTemplate::new(200).set_body_string(echo))
        .mount(&server)
        .await;
    let builder = ApiClient::builder().base_url(server.uri()).bearer_token(TOKEN);
    let mut seen = vec![format!("{builder:?}")];
    let client: ApiClient = builder.build().unwrap();
    seen.push(format!("{client:?}"));
    let quick = drata_runtime::RequestOptions::new().max_attempts(1).timeout(std::time::Duration::from_millis(200));
    for route in ["/401", "/bad-json", "/slow", "/echo-403", "/echo-200"] {
        let err = client
            .request(Method::GET, route.into())
            .options(quick)
            .send_json::<serde_json::Value, ()>()
            .await
            .unwrap_err();
        seen.push(format!("{err} {err:?}"));
        seen.extend(err.api_error().map(|e| e.raw.clone()));
        seen.extend(err.decode_error().map(|e| e.body.clone()));
    }
    assert!(seen.iter().any(|text| text.contains("rejected <redacted>")), "{seen:?}");
    let offline: ApiClient = ApiClient::builder().base_url("http://127.0.0.1:9").bearer_token(TOKEN).build().unwrap();
    let err = offline.request(Method::GET, "/x".into()).options(quick).send_empty::<()>().await.unwrap_err();
    seen.push(format!("{err} {err:?}"));
    let bad =
        ApiClient::builder().base_url("http://127.0.0.1:9").bearer_token(format!("{TOKEN}\r\n")).build().unwrap_err();
    seen.push(format!("{bad} {bad:?}"));
    for text in &seen {
        assert!(!text.contains(TOKEN) && !text.contains("0123456789abcdef"), "token leaked: {text}");
    }
    // The requests that were sent did carry it.
    let sent = server.received_requests().await.unwrap();
    assert!(sent.iter().all(|r| r.headers.get("authorization").unwrap() == &format!("Bearer {TOKEN}")));
}

/// Answers with everything the request carried, as a careless server's error page might: the method
/// and URL (query included, as encoded on the wire), every header, and a basic-auth pair decoded.
/// On `/cut`, the echo is padded so that the first occurrence of `straddle` spans the 64 KiB a
/// decode error keeps: 8 of its bytes before the cut, the rest after.
struct Echo {
    straddle: String,
}

impl wiremock::Respond for Echo {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        use base64::Engine as _;
        let mut echo = format!("{} {}\n", request.method, request.url);
        for (name, value) in &request.headers {
            let value = value.to_str().unwrap_or("?");
            echo.push_str(&format!("{name}: {value}\n"));
            if let Some(pair) = value.strip_prefix("Basic ") {
                let decoded = base64::engine::general_purpose::STANDARD.decode(pair).unwrap_or_default();
                echo.push_str(&format!("credentials: {}\n", String::from_utf8_lossy(&decoded)));
            }
        }
        match request.url.path() {
            "/echo-403" => ResponseTemplate::new(403).set_body_string(echo),
            "/echo-200" => ResponseTemplate::new(200).set_body_string(echo),
            "/too-large" => ResponseTemplate::new(200).set_body_string(echo.repeat(100)),
            _ => {
                let at = echo.find(&self.straddle).expect("the server received the credential");
                let pad = "x".repeat(drata_runtime::DecodeError::MAX_BODY - 8 - at);
                // A tail, so the body is longer than what is kept whatever redaction takes out.
                ResponseTemplate::new(200).set_body_string(format!("{pad}{echo}{}", "y".repeat(1024)))
            }
        }
    }
}

#[tokio::test]
async fn every_kind_of_credential_a_server_echoes_is_redacted() {
    use drata_runtime::{ClientBuilder, FilePart, RequestOptions};
    let quick = RequestOptions::new().max_attempts(1);
    // Each scheme, with the forms in which the server sees its secret (as sent, encoded, decoded).
    type Configure = fn(ClientBuilder) -> ClientBuilder;
    let cases: [(&str, Configure, Vec<&str>); 5] = [
        ("bearer", |b| b.bearer_token("bt-0123456789abcdef"), vec!["bt-0123456789abcdef"]),
        (
            "basic",
            |b| b.basic_auth("ada", Some("pw-0123456789mnopqr".into())),
            // base64("ada:pw-0123456789mnopqr")
            vec!["pw-0123456789mnopqr", "YWRhOnB3LTAxMjM0NTY3ODltbm9wcXI="],
        ),
        ("header key", |b| b.api_key(ApiKey::Header("X-API-Key"), "hk-0123456789ghijkl"), vec!["hk-0123456789ghijkl"]),
        // A space and a `;`, so the key on the wire (percent-encoded) differs from the key.
        ("query key", |b| b.api_key(ApiKey::Query("api_key"), "qk 0123456789;stuvw"), vec!["qk%200123456789%3Bstuvw"]),
        ("cookie key", |b| b.api_key(ApiKey::Cookie("sid"), "ck 0123456789;xyzab"), vec!["ck%200123456789%3Bxyzab"]),
    ];
    for (scheme, configure, forms) in cases {
        let plain: &[&str] = match scheme {
            "query key" => &["qk 0123456789;stuvw"],
            "cookie key" => &["ck 0123456789;xyzab"],
            _ => &[],
        };
        let builder = || configure(ApiClient::builder().options(quick));
        let mut seen = vec![format!("{:?}", builder())];
        for straddle in &forms {
            let server = MockServer::start().await;
            Mock::given(method("GET")).respond_with(Echo { straddle: straddle.to_string() }).mount(&server).await;
            let client: ApiClient = builder().base_url(server.uri()).build().unwrap();
            seen.push(format!("{client:?}"));
            for route in ["/echo-403", "/echo-200", "/cut", "/too-large"] {
                let limit =
                    RequestOptions::new().max_response_bytes(if route == "/too-large" { 4096 } else { 1 << 20 });
                let request = client.request(Method::GET, route.into()).options(limit);
                let err = request.send_json::<serde_json::Value, ()>().await.unwrap_err();
                match route {
                    "/echo-403" => assert!(err.api_error().unwrap().raw.contains("<redacted>"), "{scheme}: {err:?}"),
                    "/echo-200" => {
                        assert!(err.decode_error().unwrap().body.contains("<redacted>"), "{scheme}: {err:?}")
                    }
                    "/cut" => {
                        let body = &err.decode_error().unwrap().body;
                        // Cut at 64 KiB, through the credential's place (the check below finds no part of it).
                        assert_eq!(body.len(), drata_runtime::DecodeError::MAX_BODY, "{scheme}");
                    }
                    _ => assert!(matches!(err, Error::ResponseTooLarge { limit: 4096, status: 200 }), "{err:?}"),
                }
                seen.push(format!("{err} {err:?}"));
                seen.extend(err.api_error().map(|e| e.raw.clone()));
                seen.extend(err.decode_error().map(|e| e.body.clone()));
            }
            let sent = server.received_requests().await.unwrap();
            let wire = format!("{:?} {:?}", sent[0].url.as_str(), sent[0].headers);
            assert!(wire.contains(straddle) || scheme == "basic", "{scheme}: the request carried `{straddle}`: {wire}");
        }
        // Reading a file to send fails: its error names no credential either.
        let err =
            FilePart::from_path("/nonexistent/evidence.pdf").await.map(|_| ()).map_err(Error::<()>::from).unwrap_err();
        assert!(matches!(err, Error::Io(_)));
        seen.push(format!("{err} {err:?}"));
        for text in &seen {
            for secret in forms.iter().chain(plain) {
                // Not the secret, nor any 6 bytes of it (a credential cut in two would leave a part).
                for part in secret.as_bytes().windows(6) {
                    let part = std::str::from_utf8(part).unwrap();
                    assert!(!text.contains(part), "{scheme}: `{part}` of a credential leaked: {text}");
                }
            }
        }
    }
}
