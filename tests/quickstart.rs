//! `examples/quickstart.rs` does what the README says, against a server on 127.0.0.1, and stops with
//! the error's message when a step fails.

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use drata::runtime::serde_json::{self, json, Value};
use drata::Client;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sample(file: &str) -> Value {
    serde_json::from_slice(&std::fs::read(drata_tests::root().join("tests/fixtures/samples").join(file)).unwrap()).unwrap()
}

fn users_page(ids: &[i64], page: i64, total: i64) -> Value {
    let user = sample("001_list_users_200.json")["data"][0].clone();
    let data: Vec<Value> = ids.iter().map(|id| { let mut u = user.clone(); u["id"] = json!(id); u }).collect();
    json!({ "data": data, "page": page, "limit": 20, "total": total })
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let full: Vec<i64> = (1..=20).collect();
    for (page, ids) in [(1, full.as_slice()), (2, &[21][..])] {
        Mock::given(method("GET"))
            .and(path("/users"))
            .and(query_param("roles[]", "ADMIN"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(users_page(ids, page, 21)))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn the_quickstart_lists_links_and_uploads() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path("/user-identities/infrastructure/1/connect"))
        .and(body_json(json!({ "userId": 1 })))
        .respond_with(ResponseTemplate::new(200).set_body_json(sample("003_connect_infrastructure_identity_200.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/users/1/documents"))
        .respond_with(ResponseTemplate::new(201).set_body_json(sample("001_upload_user_document_201.json")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(server.uri(), "token").unwrap();
    let mut out = Vec::new();
    quickstart::run(&client, &drata_tests::root().join("README.md"), &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0], "found 21 users with the ADMIN role");
    assert!(lines[1].starts_with("linked infrastructure identity ") && lines[1].ends_with(" to user 1"), "{out}");
    assert!(lines[2].starts_with("uploaded README.md as SEC_TRAINING document "), "{out}");
    let upload = server.received_requests().await.unwrap().into_iter().find(|r| r.method.as_str() == "POST").unwrap();
    let text = String::from_utf8_lossy(&upload.body);
    assert!(text.contains("filename=\"README.md\"") && text.contains("SEC_TRAINING"), "{text}");
}

#[tokio::test]
async fn the_quickstart_stops_with_the_error_message() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path("/user-identities/infrastructure/1/connect"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({ "statusCode": 403, "message": "no permission" })))
        .mount(&server)
        .await;
    let client = Client::new(server.uri(), "token").unwrap();
    let mut out = Vec::new();
    let err = quickstart::run(&client, &drata_tests::root().join("README.md"), &mut out).await.unwrap_err().to_string();
    assert!(err.contains("HTTP 403") && err.contains("no permission"), "{err}");
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
}
