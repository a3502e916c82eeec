//! `examples/quickstart.rs` does what the README says against a realistic server on 127.0.0.1: one
//! that answers with the reference pages' samples verbatim, except that several fields documented
//! as present are `null` and objects the pages show collapsed as `{}` come fully expanded. It
//! completes every step, and stops with the error's message when a step fails.

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use drata::runtime::serde_json::{self, json, Value};
use drata::Client;
use std::path::PathBuf;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sample(file: &str) -> Value {
    serde_json::from_slice(&std::fs::read(drata_tests::root().join("tests/fixtures/samples").join(file)).unwrap())
        .unwrap()
}

fn evidence() -> PathBuf {
    drata_tests::root().join("examples/security-training.pdf")
}

/// The page 002 sample of `GET /users`, as a server that fills in what the pages collapse and
/// leaves out what it does not know would send it.
fn users_page() -> Value {
    let mut page = sample("002_list_users_200.json");
    let user = &mut page["data"][0];
    for field in ["jobTitle", "drataTermsAgreedAt"] {
        user[field] = Value::Null;
    }
    let check = &mut user["backgroundChecks"][0];
    assert_eq!(check["user"], json!({}), "the page shows the check's user collapsed");
    check["user"] = sample("000_get_user_200.json");
    check["manualCheckDate"] = Value::Null;
    let identity = &mut user["identities"][0];
    identity["user"] = sample("000_get_user_200.json");
    identity["disconnectedAt"] = Value::Null;
    identity["separatedAt"] = Value::Null;
    identity["connection"]["failedAt"] = Value::Null;
    identity["connection"]["deletedAt"] = Value::Null;
    identity["connection"]["user"] = sample("000_get_user_200.json");
    page
}

/// The page 003 sample of the connect response, with nulls and its collapsed connections expanded.
fn linked_identity() -> Value {
    let mut identity = sample("003_connect_infrastructure_identity_200.json");
    for field in [
        "disconnectedAt",
        "serviceAccount",
        "serviceAccountReason",
        "serviceAccountDesignator",
        "adminAccess",
        "dbAccess",
    ] {
        identity[field] = Value::Null;
    }
    let nested = &mut identity["connection"]["user"]["identities"][0];
    assert_eq!(nested["connection"], json!({}), "the page shows the nested connection collapsed");
    nested["connection"] = sample("000_get_user_200.json")["identities"][0]["connection"].clone();
    nested["user"] = sample("000_get_user_200.json");
    identity
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("roles[]", "ADMIN"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users_page()))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_quickstart_lists_links_and_uploads_against_a_realistic_server() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path("/user-identities/infrastructure/1/connect"))
        .and(body_json(json!({ "userId": 1 })))
        .respond_with(ResponseTemplate::new(200).set_body_json(linked_identity()))
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
    quickstart::run(&client, &evidence(), &mut out).await.unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "ADMIN users: 1\n\
         \x20 1 Sally Smith <email@email.com>\n\
         linked infrastructure identity 1 (Username) to user 1\n\
         uploaded security-training.pdf as SEC_TRAINING document 1 for user 1\n"
    );
    let upload = server.received_requests().await.unwrap().into_iter().find(|r| r.method.as_str() == "POST").unwrap();
    let text = String::from_utf8_lossy(&upload.body);
    assert!(
        text.contains("filename=\"security-training.pdf\"") && text.contains("Content-Type: application/pdf"),
        "{text}"
    );
    assert!(text.contains("SEC_TRAINING") && text.contains("%PDF-1.4"), "{text}");
}

#[tokio::test]
async fn the_quickstart_stops_with_the_error_message() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path("/user-identities/infrastructure/1/connect"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({ "statusCode": 403, "message": "no permission" })),
        )
        .mount(&server)
        .await;
    let client = Client::new(server.uri(), "token").unwrap();
    let mut out = Vec::new();
    let err = quickstart::run(&client, &evidence(), &mut out).await.unwrap_err().to_string();
    assert!(err.contains("HTTP 403") && err.contains("no permission"), "{err}");
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
}
