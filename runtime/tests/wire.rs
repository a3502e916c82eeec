//! The runtime's wire behaviour against a real HTTP server on 127.0.0.1: every authentication scheme
//! the generator supports, form and raw bodies, header and cookie parameters, and secrets kept out
//! of errors.

use drata_runtime::reqwest::Method;
use drata_runtime::{ApiClient, ApiKey, Error, Multipart};
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
    client.request(Method::POST, "/x".into()).form(&Form { name: "a b&c", count: 3 }).send_empty::<()>().await.unwrap();
    let request = only_request(&server).await;
    // base64("ada:p@ss")
    assert_eq!(request.headers.get("authorization").unwrap(), "Basic YWRhOnBAc3M=");
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(request.body, b"name=a+b%26c&count=3");
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
    let form = Multipart::new().text("a", "1".into()).json("b", &serde_json::json!({"k": [1]}));
    client.request(Method::POST, "/x".into()).multipart(form).send_empty::<()>().await.unwrap();
    let body = String::from_utf8(only_request(&server).await.body).unwrap();
    assert!(body.contains("name=\"a\"\r\n\r\n1\r\n"), "{body}");
    assert!(body.contains("name=\"b\"\r\nContent-Type: application/json\r\n\r\n{\"k\":[1]}"), "{body}");
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
