//! One end-to-end call per operation against a real HTTP server on 127.0.0.1 (`wiremock`): the
//! request must carry exactly the method, path, query string, headers and body the reference
//! documents, and the documented response must come back typed.

use drata::runtime::serde_json::{self, json, Value};
use drata::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "test-token-5f1c";

fn sample(file: &str) -> Value {
    let path = drata_tests::root().join("tests/fixtures/samples").join(file);
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// A server answering `verb route` with `status` and `body`, and a client pointed at it.
async fn serve(verb: &str, route: &str, status: u16, body: Option<Value>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if let Some(body) = body {
        response = response.set_body_json(body);
    }
    Mock::given(method(verb)).and(path(route)).respond_with(response).expect(1).mount(&server).await;
    let client = Client::new(server.uri(), TOKEN).unwrap();
    (server, client)
}

/// The one request the server received, after checking the headers every call sends.
async fn received(server: &MockServer) -> wiremock::Request {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = requests.into_iter().next().unwrap();
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("authorization").as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(header("user-agent").as_deref(), Some(concat!("drata/", env!("CARGO_PKG_VERSION"))));
    request
}

fn json_body(request: &wiremock::Request) -> Value {
    assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn list_users_sends_every_filter_in_the_documented_form() {
    let (server, client) = serve("GET", "/users", 200, Some(sample("001_list_users_200.json"))).await;
    let page = client
        .list_users()
        .page(2)
        .limit(50)
        .q("John Doe")
        .roles([UserRole::Admin, UserRole::Techgov])
        .exclude_user_ids([1, 2])
        .exclude_roles([UserRole::WorkspaceAdministrator])
        .include_user_ids([3])
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.query(),
        Some(
            "page=2&limit=50&q=John%20Doe&roles[]=ADMIN&roles[]=TECHGOV&excludeUserIds[]=1&excludeUserIds[]=2\
             &excludeRoles[]=WORKSPACE_ADMINISTRATOR&includeUserIds[]=3"
        )
    );
    assert!(request.body.is_empty());
    assert_eq!(page.total, sample("001_list_users_200.json")["total"].as_i64());
    assert_eq!(page.data[0].id, sample("001_list_users_200.json")["data"][0]["id"].as_i64().unwrap());
}

#[tokio::test]
async fn list_users_without_filters_sends_no_query() {
    let (server, client) = serve("GET", "/users", 200, Some(sample("002_list_users_200.json"))).await;
    client.list_users().send().await.unwrap();
    assert_eq!(received(&server).await.url.query(), None);
}

#[tokio::test]
async fn get_user() {
    let (server, client) = serve("GET", "/users/42", 200, Some(sample("000_get_user_200.json"))).await;
    let user = client.get_user(42).send().await.unwrap();
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.query(), None);
    assert_eq!(user.id, sample("000_get_user_200.json")["id"].as_i64().unwrap());
}

#[tokio::test]
async fn list_user_documents() {
    let (server, client) =
        serve("GET", "/users/7/documents", 200, Some(sample("001_list_user_documents_200.json"))).await;
    let docs = client
        .list_user_documents(7)
        .page(1)
        .limit(10)
        .q("policy")
        .r#type(UserDocumentType::SecTraining)
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(request.url.query(), Some("page=1&limit=10&q=policy&type=SEC_TRAINING"));
    assert_eq!(docs.documents.len(), sample("001_list_user_documents_200.json")["documents"].as_array().unwrap().len());
}

/// The parts of a `multipart/form-data` body: (headers, content) by name.
fn parts(request: &wiremock::Request) -> Vec<(String, String, Vec<u8>)> {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_owned();
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary").trim_matches('"').to_owned();
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let positions: Vec<usize> =
        body.windows(delimiter.len()).enumerate().filter(|(_, w)| *w == delimiter.as_bytes()).map(|(i, _)| i).collect();
    for pair in positions.windows(2) {
        let chunk = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = chunk.windows(4).position(|w| w == b"\r\n\r\n").expect("part headers");
        let headers = String::from_utf8(chunk[..split].to_vec()).unwrap();
        let name = headers.split("name=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        out.push((name, headers, chunk[split + 4..].to_vec()));
    }
    out
}

#[tokio::test]
async fn upload_document_for_user_sends_multipart() {
    let (server, client) =
        serve("POST", "/users/7/documents", 201, Some(sample("001_upload_user_document_201.json"))).await;
    let file = FilePart::from_bytes(b"%PDF-1.4 training".to_vec(), "training.pdf").content_type("application/pdf");
    let body = UploadUserDocumentRequest::file(UploadUserDocumentType::SecTraining, file)
        .completion_date("2025-07-01T16:45:55Z".parse().unwrap());
    let doc = client.upload_user_document(7, body).send().await.unwrap();
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert!(request
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    let parts = parts(&request);
    let names: Vec<&str> = parts.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(names, ["type", "file", "completionDate"]);
    assert_eq!(parts[0].2, b"SEC_TRAINING");
    assert!(parts[1].1.contains("filename=\"training.pdf\""), "{}", parts[1].1);
    assert!(parts[1].1.to_ascii_lowercase().contains("content-type: application/pdf"), "{}", parts[1].1);
    assert_eq!(parts[1].2, b"%PDF-1.4 training");
    assert_eq!(parts[2].2, b"2025-07-01T16:45:55Z");
    assert_eq!(doc.id, sample("001_upload_user_document_201.json")["id"].as_i64());
}

#[tokio::test]
async fn upload_document_as_base64_sends_a_json_part() {
    let (server, client) =
        serve("POST", "/users/7/documents", 201, Some(sample("001_upload_user_document_201.json"))).await;
    let content = UploadUserDocumentRequestBase64File::new("JVBERi0xLjQ=", "mfa.pdf");
    let body = UploadUserDocumentRequest::base64(UploadUserDocumentType::MfaEvidence, content);
    client.upload_user_document(7, body).send().await.unwrap();
    let parts = parts(&received(&server).await);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].0, "base64File");
    let value: Value = serde_json::from_slice(&parts[1].2).unwrap();
    assert_eq!(value, json!({"base64String": "JVBERi0xLjQ=", "filename": "mfa.pdf"}));
}

#[tokio::test]
async fn download_user_document() {
    let route = "/users/7/documents/9/download";
    let (server, client) = serve("GET", route, 200, Some(sample("001_get_user_document_download_200.json"))).await;
    let link = client.download_user_document(7, 9).send().await.unwrap();
    assert_eq!(received(&server).await.method.as_str(), "GET");
    assert_eq!(serde_json::to_value(&link).unwrap(), sample("001_get_user_document_download_200.json"));
}

#[tokio::test]
async fn delete_document_accepts_an_empty_response() {
    let (server, client) = serve("DELETE", "/users/7/documents/9", 200, None).await;
    let () = client.delete_user_document(7, 9).send().await.unwrap();
    let request = received(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn list_infrastructure_identities() {
    let file = "003_list_infrastructure_identities_200.json";
    let (server, client) = serve("GET", "/user-identities/infrastructure", 200, Some(sample(file))).await;
    let page = client
        .list_infrastructure_identities()
        .page(1)
        .limit(20)
        .q("jdoe")
        .client_type(InfrastructureClientType::Aws)
        .connection_id(3)
        .sort(InfrastructureIdentitySort::Username)
        .sort_dir(SortDirection::Desc)
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(
        request.url.query(),
        Some("page=1&limit=20&q=jdoe&clientType=AWS&connectionId=3&sort=USERNAME&sortDir=DESC")
    );
    assert_eq!(page.data.len(), sample(file)["data"].as_array().unwrap().len());
}

#[tokio::test]
async fn list_version_control_identities() {
    let file = "003_list_version_control_identities_200.json";
    let (server, client) = serve("GET", "/user-identities/version-control", 200, Some(sample(file))).await;
    client
        .list_version_control_identities()
        .client_type(VersionControlClientType::Github)
        .sort(VersionControlIdentitySort::Username)
        .sort_dir(SortDirection::Asc)
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(request.url.query(), Some("clientType=GITHUB&sort=USERNAME&sortDir=ASC"));
}

/// The six PUT operations: path, JSON body exactly as the sample request, typed response.
#[tokio::test]
async fn identity_updates_send_their_json_bodies() {
    for kind in ["infrastructure", "version-control"] {
        let prefix = if kind == "infrastructure" { "infrastructure" } else { "version_control" };
        for action in ["connect", "toggle", "service-account"] {
            let stem = format!("003_{}_{prefix}_identity", action.replace("service-account", "service_account"));
            let request_body = sample(&format!("{stem}_request.json"));
            let response_body = sample(&format!("{stem}_200.json"));
            let route = format!("/user-identities/{kind}/5/{action}");
            let (server, client) = serve("PUT", &route, 200, Some(response_body.clone())).await;
            let returned = match (kind, action) {
                ("infrastructure", "connect") => {
                    let body = serde_json::from_value(request_body.clone()).unwrap();
                    serde_json::to_value(client.connect_infrastructure_identity(5, body).send().await.unwrap())
                }
                ("infrastructure", "toggle") => {
                    let body = serde_json::from_value(request_body.clone()).unwrap();
                    serde_json::to_value(client.toggle_infrastructure_identity(5, body).send().await.unwrap())
                }
                ("infrastructure", _) => {
                    let body = serde_json::from_value(request_body.clone()).unwrap();
                    serde_json::to_value(client.mark_infrastructure_service_account(5, body).send().await.unwrap())
                }
                (_, "connect") => {
                    let body = serde_json::from_value(request_body.clone()).unwrap();
                    serde_json::to_value(client.connect_version_control_identity(5, body).send().await.unwrap())
                }
                (_, "toggle") => {
                    let body = serde_json::from_value(request_body.clone()).unwrap();
                    serde_json::to_value(client.toggle_version_control_identity(5, body).send().await.unwrap())
                }
                _ => {
                    let body = serde_json::from_value(request_body.clone()).unwrap();
                    serde_json::to_value(client.mark_version_control_service_account(5, body).send().await.unwrap())
                }
            }
            .unwrap();
            let request = received(&server).await;
            assert_eq!(request.method.as_str(), "PUT", "{route}");
            assert_eq!(request.url.query(), None, "{route}");
            assert_eq!(json_body(&request), request_body, "{route}");
            assert_eq!(returned["id"], response_body["id"], "{route}");
        }
    }
}

#[tokio::test]
async fn unlinking_sends_an_explicit_null() {
    let (server, client) = serve(
        "PUT",
        "/user-identities/infrastructure/5/connect",
        200,
        Some(sample("003_connect_infrastructure_identity_200.json")),
    )
    .await;
    client.connect_infrastructure_identity(5, ConnectUserIdentityRequest::unlink()).send().await.unwrap();
    assert_eq!(json_body(&received(&server).await), json!({ "userId": null }));
}

#[tokio::test]
async fn errors_carry_status_and_body() {
    let (server, client) = serve("GET", "/users/1", 412, Some(sample("001_error_body.json"))).await;
    let err = client.get_user(1).send().await.unwrap_err();
    assert_eq!(err.status(), Some(412));
    assert!(!err.to_string().contains(TOKEN));
    // The documented error body, typed, member by member as the page's sample has it.
    let body = err.body().expect("the error body parses as ErrorResponse");
    assert_eq!((body.status_code, body.message.as_deref(), body.code), (Some(0), Some("string"), Some(0)));
    let debug = body.debug_info.as_ref().expect("debugInfo");
    assert_eq!(
        (debug.name.as_deref(), debug.message.as_deref(), debug.stack.as_deref()),
        (Some("string"), Some("string"), Some("string"))
    );
    // And as received, for what the schema does not describe.
    let raw = &err.api_error().expect("an API error").raw;
    assert_eq!(serde_json::from_str::<Value>(raw).unwrap(), sample("001_error_body.json"));
    assert!(err.to_string().contains("\"message\":\"string\""), "{err}");
    drop(server);
}
