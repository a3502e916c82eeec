//! The production behaviours of the generated SDK, each against a real HTTP server on 127.0.0.1:
//! pagination, retries, timeouts, typed errors, forward compatibility, uploads, downloads,
//! configuration and the raw-response escape hatch.

use drata::prelude::*;
use drata::runtime::serde_json::{self, json, Value};
use drata::*;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "sk-test-9d2f";

fn sample(file: &str) -> Value {
    let path = drata_tests::root().join("tests/fixtures/samples").join(file);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A client with fast retries, so the tests spend milliseconds waiting, not seconds.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .options(RequestOptions::new().initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn user(id: i64) -> Value {
    let mut user = sample("001_list_users_200.json")["data"][0].clone();
    user["id"] = json!(id);
    user
}

fn page_of(ids: &[i64], page: i64, total: i64) -> Value {
    json!({ "data": ids.iter().map(|i| user(*i)).collect::<Vec<_>>(), "page": page, "limit": 2, "total": total })
}

#[tokio::test]
async fn the_stream_pages_lazily_with_every_filter() {
    let server = MockServer::start().await;
    for (page, ids) in [(1, vec![1, 2]), (2, vec![3, 4]), (3, vec![5])] {
        Mock::given(method("GET"))
            .and(path("/users"))
            .and(query_param("page", page.to_string()))
            .and(query_param("limit", "2"))
            .and(query_param("roles[]", "ADMIN"))
            .and(query_param("q", "smith"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&ids, page, 5)))
            // Page 1 twice: once for the lazy check, once for `collect_all`.
            .expect(if page == 1 { 2 } else { 1 })
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let request = client.list_users().roles([UserRole::Admin]).q("smith").limit(2);

    // Lazy: taking the first item fetches one page only.
    let mut stream = std::pin::pin!(request.clone().stream());
    assert_eq!(stream.try_next().await.unwrap().map(|u| u.id), Some(1));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let users = request.collect_all().await.unwrap();
    assert_eq!(users.iter().map(|u| u.id).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    let queries: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect();
    assert_eq!(
        queries[1..],
        [
            "page=1&limit=2&q=smith&roles[]=ADMIN",
            "page=2&limit=2&q=smith&roles[]=ADMIN",
            "page=3&limit=2&q=smith&roles[]=ADMIN"
        ]
    );
}

#[tokio::test]
async fn the_stream_stops_on_a_short_page_without_a_total_reached() {
    let server = MockServer::start().await;
    // The total claims more, but a short page means there is no next one.
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&[1], 1, 99)))
        .expect(1)
        .mount(&server)
        .await;
    let users = client(&server).list_users().limit(2).collect_all().await.unwrap();
    assert_eq!(users.len(), 1);
}

#[tokio::test]
async fn the_stream_stops_at_the_total_after_full_pages() {
    let server = MockServer::start().await;
    // Two full pages hold all 4 users; a third page exists on the server but must not be asked for.
    for (page, ids, expected) in [(1, vec![1, 2], 1), (2, vec![3, 4], 1), (3, vec![5, 6], 0)] {
        Mock::given(method("GET"))
            .and(path("/users"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&ids, page, 4)))
            .expect(expected)
            .named(format!("page {page}"))
            .mount(&server)
            .await;
    }
    let users = client(&server).list_users().limit(2).collect_all().await.unwrap();
    assert_eq!(users.iter().map(|u| u.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    server.verify().await;
}

#[tokio::test]
async fn the_stream_stops_at_an_empty_page() {
    let server = MockServer::start().await;
    // The total claims more, but page 2 is empty: there is nothing after it.
    for (page, ids, expected) in [(1, vec![1, 2], 1), (2, vec![], 1), (3, vec![5, 6], 0)] {
        Mock::given(method("GET"))
            .and(path("/users"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&ids, page, 99)))
            .expect(expected)
            .named(format!("page {page}"))
            .mount(&server)
            .await;
    }
    let pages: Vec<_> = client(&server).list_users().limit(2).pages().try_collect().await.unwrap();
    assert_eq!(pages.iter().map(|p| p.data.len()).collect::<Vec<_>>(), [2, 0]);
    server.verify().await;
}

#[tokio::test]
async fn the_stream_yields_an_error_and_ends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&[1, 2], 1, 4)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(sample("001_error_body.json")))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).list_users().limit(2).stream().collect::<Vec<_>>().await;
    assert_eq!(items.len(), 3);
    assert!(items[2].as_ref().unwrap_err().is_forbidden());
}

#[tokio::test]
async fn a_page_that_does_not_decode_is_an_error_naming_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&[1, 2], 1, 4)))
        .mount(&server)
        .await;
    let mut broken = page_of(&[3, 4], 2, 4);
    broken["data"][1]["id"] = json!("four");
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&broken))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).list_users().limit(2).stream().collect::<Vec<_>>().await;
    assert_eq!(items.len(), 3, "two users, then the error, then the end");
    let err = items[2].as_ref().unwrap_err();
    let decode = err.decode_error().expect("a decode error");
    assert_eq!((decode.page, decode.path.as_str()), (Some(2), "data[1].id"));
    assert_eq!(serde_json::from_str::<Value>(&decode.body).unwrap(), broken);
    assert!(err.to_string().contains("for page 2 at `data[1].id`"), "{err}");
}

#[tokio::test]
async fn send_value_and_send_raw_reach_what_the_schema_does_not_describe() {
    let server = MockServer::start().await;
    let mut odd = sample("000_get_user_200.json");
    odd["id"] = json!("usr_1");
    // The first two answers are 503s: the escape hatches retry like `send`.
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&odd).insert_header("x-request-id", "r-7"))
        .mount(&server)
        .await;
    let client = client(&server);
    let value = client.get_user(1).send_value().await.unwrap();
    assert_eq!(value, odd);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let err = client.get_user(1).send().await.unwrap_err();
    assert_eq!(err.decode_error().map(|e| e.path.as_str()), Some("id"), "{err}");
    let raw = client.get_user(1).send_raw().await.unwrap();
    assert_eq!((raw.status, raw.headers["x-request-id"].to_str().unwrap()), (200, "r-7"));
    assert_eq!(serde_json::from_slice::<Value>(&raw.value).unwrap(), odd);

    // Options and errors are those of `send`.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let once = RequestOptions::new().max_attempts(1);
    let err = crate::client(&server).get_user(1).options(once).send_value().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    let err = crate::client(&server).get_user(1).options(once).send_raw().await.unwrap_err();
    assert!(err.is_server_error());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    // An empty success body is `null`.
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    assert_eq!(crate::client(&server).delete_user_document(1, 2).send_value().await.unwrap(), Value::Null);
}

#[tokio::test]
async fn back_references_decode_collapsed_and_expanded() {
    let server = MockServer::start().await;
    let verbatim = sample("000_get_user_200.json");
    let mut expanded = verbatim.clone();
    expanded["backgroundChecks"][0]["user"] = verbatim.clone();
    expanded["identities"][0]["connection"]["user"] = verbatim.clone();
    for (route, body) in [("/users/1", &verbatim), ("/users/2", &expanded)] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let user = client.get_user(1).send().await.unwrap();
    let check_user = user.background_checks[0].user.as_ref().expect("present");
    assert!(check_user.is_collapsed() && check_user.expanded().is_none());
    assert_eq!(serde_json::to_value(&user).unwrap()["backgroundChecks"][0]["user"], json!({}));

    let user = client.get_user(2).send().await.unwrap();
    let check_user = user.background_checks[0].user.clone().and_then(Expandable::into_expanded).expect("expanded");
    assert_eq!((check_user.id, check_user.first_name.as_deref()), (1, Some("Sally")));
    let connection = user.identities[0].connection.as_ref().and_then(Expandable::expanded).expect("expanded");
    assert!(connection.user.as_ref().and_then(Expandable::expanded).is_some_and(|u| u.email.is_some()));
}

#[tokio::test]
async fn rate_limited_requests_wait_for_retry_after_then_succeed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sample("000_get_user_200.json")))
        .mount(&server)
        .await;
    let start = Instant::now();
    let user = client(&server).get_user(1).send().await.unwrap();
    assert!(start.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked: {:?}", start.elapsed());
    assert_eq!(user.id, sample("000_get_user_200.json")["id"].as_i64().unwrap());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn service_unavailable_twice_then_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sample("000_get_user_200.json")))
        .mount(&server)
        .await;
    client(&server).get_user(1).send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retries_give_up_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/users/1")).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    let err = client(&server).get_user(1).options(RequestOptions::new().max_attempts(2)).send().await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

fn upload() -> UploadUserDocumentRequest {
    UploadUserDocumentRequest::file(
        UploadUserDocumentType::SecTraining,
        FilePart::from_bytes(b"%PDF-1.4".to_vec(), "t.pdf"),
    )
}

#[tokio::test]
async fn post_is_not_retried_unless_asked() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/7/documents"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client.upload_user_document(7, upload()).send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a POST may have been carried out: sent once");

    // Opting in resends the whole multipart body.
    let options = RequestOptions::new().retry_non_idempotent(true).max_attempts(3);
    client.upload_user_document(7, upload()).options(options).send().await.unwrap_err();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    for retried in &requests[1..] {
        let text = String::from_utf8_lossy(&retried.body);
        assert!(text.contains("name=\"type\"") && text.contains("SEC_TRAINING") && text.contains("%PDF-1.4"), "{text}");
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let start = Instant::now();
    let err = client(&server)
        .get_user(1)
        .options(RequestOptions::new().timeout(Duration::from_millis(300)))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(300)));
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(err.to_string().contains("no response within 300ms"), "{err}");
}

#[tokio::test]
async fn every_documented_error_status_maps_to_its_helper_and_description() {
    let server = MockServer::start().await;
    let client = client(&server);
    type Case = (u16, fn(&Error) -> bool, &'static str);
    let cases: [Case; 9] = [
        (400, Error::is_bad_request, "Malformed data and/or validation errors"),
        (401, Error::is_unauthorized, "Invalid Authorization"),
        (402, Error::is_plan_required, "You must upgrade your plan to use this feature"),
        (403, Error::is_forbidden, "You are not allowed to perform this action"),
        (404, Error::is_not_found, "Not Found"),
        (412, Error::is_terms_not_accepted, "You must accept the Drata terms and conditions to use the API"),
        (413, Error::is_content_too_large, "The file was too large to upload"),
        (500, Error::is_server_error, "Internal server error"),
        (503, Error::is_server_error, "Third party system was unavailable"),
    ];
    for (status, helper, description) in cases {
        server.reset().await;
        let body = json!({ "statusCode": status, "message": format!("failed with {status}"), "code": 7 });
        Mock::given(method("POST"))
            .and(path("/users/7/documents"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body).insert_header("x-request-id", "req-42"))
            .mount(&server)
            .await;
        let err = client.upload_user_document(7, upload()).send().await.unwrap_err();
        assert!(helper(&err), "{status}: {err:?}");
        let api = err.api_error().expect("an API error");
        assert_eq!(api.status, status);
        assert_eq!(api.description, Some(description), "{status}");
        assert_eq!(api.request_id.as_deref(), Some("req-42"));
        let parsed: &ErrorResponse = err.body().expect("the documented error body, parsed");
        assert_eq!(parsed.status_code, Some(i64::from(status)));
        assert_eq!(parsed.message.as_deref(), Some(format!("failed with {status}").as_str()));
        assert_eq!(parsed.code, Some(7));
        assert!(err.to_string().contains(description) && err.to_string().contains("req-42"), "{err}");
    }
}

#[tokio::test]
async fn an_error_body_that_does_not_parse_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(429).set_body_string("<html>slow down</html>"))
        .mount(&server)
        .await;
    let err = client(&server).get_user(1).options(RequestOptions::new().max_attempts(1)).send().await.unwrap_err();
    assert!(err.is_rate_limited());
    let api = err.api_error().unwrap();
    assert!(api.body.is_none());
    assert_eq!(api.raw, "<html>slow down</html>");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error_naming_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id": 1, "firstName": "Sal"#, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server).get_user(1).send().await.unwrap_err();
    match &err {
        Error::Decode(e) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.path, "firstName");
            // The body comes with the error, so nothing the server said is lost.
            assert_eq!(e.body, r#"{"id": 1, "firstName": "Sal"#);
            assert_eq!(e.body_len, e.body.len());
            assert_eq!(e.page, None);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let server = MockServer::start().await;
    let mut wrong = sample("000_get_user_200.json");
    wrong["backgroundChecks"] = json!([{ "id": "not a number" }]);
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrong))
        .mount(&server)
        .await;
    let err = client(&server).get_user(1).send().await.unwrap_err();
    assert!(matches!(&err, Error::Decode(e) if e.path == "backgroundChecks[0].id"), "{err:?}");
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_do_not_fail() {
    let server = MockServer::start().await;
    let body = json!({ "documents": [{
        "id": 1, "name": "New", "type": "QUANTUM_EVIDENCE", "renewalDate": "2026-10-27",
        "createdAt": "2025-07-01T16:45:55.246Z", "updatedAt": "2025-07-01T16:45:55.246Z",
        "addedNextYear": { "nested": [1, 2] }
    }], "alsoNew": true });
    Mock::given(method("GET"))
        .and(path("/users/7/documents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let docs = client(&server).list_user_documents(7).send().await.unwrap();
    let kind = docs.documents[0].r#type.clone();
    assert_eq!(kind, Some(UserDocumentType::from("QUANTUM_EVIDENCE")));
    assert!(matches!(&kind, Some(UserDocumentType::Unknown(v)) if v.as_str() == "QUANTUM_EVIDENCE"));
    assert_eq!(kind.unwrap().as_str(), "QUANTUM_EVIDENCE");
    // And the value goes back out as received.
    assert_eq!(serde_json::to_value(&docs.documents[0].r#type).unwrap(), json!("QUANTUM_EVIDENCE"));
}

#[tokio::test]
async fn nulls_the_samples_show_are_accepted() {
    // Page 003 shows a user document whose every field is null.
    let server = MockServer::start().await;
    let body = sample("003_list_infrastructure_identities_200.json");
    Mock::given(method("GET"))
        .and(path("/user-identities/infrastructure"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let page = client(&server).list_infrastructure_identities().send().await.unwrap();
    let user = page.data[0].user.as_ref().expect("a user");
    let documents = user.documents.as_ref().expect("documents");
    let document = documents[0].data[0].as_ref().expect("a document");
    assert_eq!((document.id, &document.name, &document.r#type, &document.created_at), (None, &None, &None, &None));
}

#[tokio::test]
async fn uploads_from_a_path_and_a_reader_carry_name_and_type() {
    let pdf = drata_tests::root().join("examples/security-training.pdf");
    let from_path = FilePart::from_path(&pdf).await.unwrap();
    assert_eq!(from_path.file_name(), Some("security-training.pdf"));
    assert_eq!(from_path.mime(), "application/pdf");
    let from_reader = FilePart::from_reader(std::io::Cursor::new(b"\x89PNG".to_vec()), "shot.png").unwrap();
    assert_eq!(
        (from_reader.file_name(), from_reader.mime(), from_reader.bytes()),
        (Some("shot.png"), "image/png", &b"\x89PNG"[..])
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/7/documents"))
        .respond_with(ResponseTemplate::new(201).set_body_json(sample("001_upload_user_document_201.json")))
        .mount(&server)
        .await;
    let body = UploadUserDocumentRequest::file(UploadUserDocumentType::SecTraining, from_path);
    client(&server).upload_user_document(7, body).send().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let text = String::from_utf8_lossy(&request.body);
    assert!(
        text.contains("filename=\"security-training.pdf\"") && text.contains("Content-Type: application/pdf"),
        "{text}"
    );
    assert!(request.body.windows(4).any(|w| w == b"%PDF") && request.body.ends_with(b"--\r\n"));
    let sent = std::fs::read(pdf).unwrap();
    assert!(request.body.windows(sent.len()).any(|w| w == sent), "the file is sent whole");
}

#[tokio::test]
async fn the_download_is_decoded_and_the_raw_response_is_at_hand() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/7/documents/9/download"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(sample("001_get_user_document_download_200.json"))
                .insert_header("x-request-id", "dl-1"),
        )
        .mount(&server)
        .await;
    let response = client(&server).download_user_document(7, 9).send_with_response().await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.headers.get("x-request-id").unwrap(), "dl-1");
    let file = response.value.file_buffer.expect("a file buffer").buffer.expect("its content");
    assert_eq!(file.as_bytes(), b"Example text content");
}

#[tokio::test]
async fn configuration_regions_env_token_user_agent_and_redaction() {
    const MARKER: &str = "x-custom-client";
    assert_eq!(
        Server::ALL.iter().map(|s| s.url()).collect::<Vec<_>>(),
        [
            "https://public-api.drata.com/public",
            "https://public-api.eu.drata.com/public",
            "https://public-api.apac.drata.com/public"
        ]
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sample("000_get_user_200.json")))
        .mount(&server)
        .await;
    // The only test touching DRATA_API_KEY and DRATA_BASE_URL.
    std::env::set_var("DRATA_API_KEY", "sk-from-env");
    std::env::remove_var("DRATA_BASE_URL");
    let from_env = Client::from_env().unwrap();
    assert_eq!(from_env.api_client().base_url(), Server::Us.url());
    std::env::set_var("DRATA_BASE_URL", server.uri());
    let from_env = Client::from_env().unwrap();
    std::env::remove_var("DRATA_BASE_URL");
    assert_eq!(from_env.api_client().base_url(), server.uri());
    from_env.get_user(1).send().await.unwrap();
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token_from_env("DRATA_API_KEY")
        .user_agent("acme-sync/2.0")
        // A client of the caller's, told apart by a default header only it sends.
        .http_client(
            drata::runtime::reqwest::Client::builder()
                .default_headers(std::iter::once((MARKER.parse().unwrap(), "yes".parse().unwrap())).collect())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    std::env::remove_var("DRATA_API_KEY");
    client.get_user(1).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "from_env() went to DRATA_BASE_URL");
    let request = &requests[1];
    assert_eq!(requests[0].headers.get("authorization").unwrap(), "Bearer sk-from-env");
    assert_eq!(request.headers.get("authorization").unwrap(), "Bearer sk-from-env");
    assert_eq!(request.headers.get("user-agent").unwrap(), "acme-sync/2.0");
    assert_eq!(request.headers.get(MARKER).map(|v| v.to_str().unwrap()), Some("yes"), "the caller's client sent it");
    assert!(requests[0].headers.get(MARKER).is_none(), "from_env() built a client of its own");
    let debug = format!("{client:?} {:?}", Client::builder().bearer_token("sk-secret"));
    assert!(!debug.contains("sk-from-env") && !debug.contains("sk-secret") && debug.contains("<redacted>"), "{debug}");
    let missing = Client::builder().bearer_token_from_env("DRATA_TEST_UNSET_VARIABLE").build().unwrap_err();
    assert!(missing.to_string().contains("DRATA_TEST_UNSET_VARIABLE"), "{missing}");
    let bad = Client::new(Server::Eu, "line\nbreak").unwrap_err().to_string();
    assert!(!bad.contains("line\nbreak"), "{bad}");
}

#[tokio::test]
async fn requests_and_streams_are_owned_spawnable_and_unpinned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sample("000_get_user_200.json")))
        .mount(&server)
        .await;
    for (page, ids) in [(1, vec![1, 2]), (2, vec![3])] {
        Mock::given(method("GET"))
            .and(path("/users"))
            .and(query_param("page", page.to_string()))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&ids, page, 3)))
            .mount(&server)
            .await;
    }
    let client = client(&server);
    // A request and its future own what they need: spawn them and drop the client.
    let user = tokio::spawn(client.get_user(1).send());
    let mut users = client.list_users().limit(2).stream();
    let pages = tokio::spawn(client.list_users().limit(2).pages().try_collect::<Vec<_>>());
    drop(client);
    assert_eq!(user.await.unwrap().unwrap().id, 1);
    // No `pin!`: the stream is `Unpin`, and the prelude brings `try_next`.
    let mut ids = Vec::new();
    while let Some(user) = users.try_next().await.unwrap() {
        ids.push(user.id);
    }
    assert_eq!(ids, [1, 2, 3]);
    // Whole pages, with what the server says about them.
    let pages = pages.await.unwrap().unwrap();
    assert_eq!(
        pages.iter().map(|p| (p.page, p.total, p.data.len())).collect::<Vec<_>>(),
        [(Some(1), Some(3), 2), (Some(2), Some(3), 1)]
    );
}

#[tokio::test]
async fn the_stream_asks_for_the_largest_page_the_spec_allows() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_of(&[1], 1, 1)))
        .mount(&server)
        .await;
    let users: Vec<User> = client(&server).list_users().stream().try_collect().await.unwrap();
    assert_eq!(users.len(), 1);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("page=1&limit=50"));
}

#[tokio::test]
async fn request_bodies_are_built_by_constructors() {
    let link = serde_json::to_value(ConnectUserIdentityRequest::link(7)).unwrap();
    assert_eq!(link, json!({ "userId": 7 }));
    let unlink = serde_json::to_value(ConnectUserIdentityRequest::unlink()).unwrap();
    assert_eq!(unlink, json!({ "userId": null }));
    let toggle = InfrastructureToggleRequest::new(true).toggle_field(InfrastructureToggleField::AdminAccess);
    assert_eq!(
        serde_json::to_value(toggle).unwrap(),
        json!({ "toggle": true, "toggleField": "INFRASTRUCTURE_ADMIN_ACCESS" })
    );
    // An unknown value cannot stand in for a known one: parsing gives the known variant.
    assert_eq!(UserRole::from("ADMIN"), UserRole::Admin);
    assert_eq!("TECHGOV".parse::<UserRole>().unwrap(), UserRole::Techgov);
}
