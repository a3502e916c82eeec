//! The nullability policy of the README ("`null` versus absent"), proved exhaustively through the
//! real client and a real server on 127.0.0.1: for every response sample of the pages and every
//! member at every depth, a copy with that one member set to `null` and a copy with it removed both
//! decode, and the member then reads `None` (or an empty list); except the members the policy keeps
//! non-`Option`, whose `null` or absence is an `Error::Decode` naming the member's JSON path.

use drata::runtime::serde_json::{self, Value};
use drata::{
    Client, ConnectUserIdentityRequest, Error, InfrastructureToggleRequest, RequestOptions, ServiceAccountRequest,
};
use drata::{UploadUserDocumentRequest, UploadUserDocumentType, VersionControlToggleRequest};
use drata_codegen::ir::{Api, Presence, Type, TypeDef};
use std::sync::{Arc, Mutex};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// The response fields that stay non-`Option`: the keys the operations address records by.
const POLICY: &[&str] = &["User.id", "InfrastructureUserIdentity.id", "VersionControlUserIdentity.id"];

/// Answers every request with the status and body of the moment.
#[derive(Clone, Default)]
struct Current(Arc<Mutex<(u16, Vec<u8>)>>);

impl Respond for Current {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let (status, body) = self.0.lock().unwrap().clone();
        ResponseTemplate::new(status).set_body_raw(body, "application/json")
    }
}

/// Calls the operation a sample belongs to and encodes what it decoded back to JSON; for the error
/// body, the parsed body of the API error.
async fn call(client: &Client, operation: &str) -> Result<Value, Error> {
    Ok(match operation {
        "GET /users" => json(&client.list_users().send().await?),
        "GET /users/{id}" => json(&client.get_user(1).send().await?),
        "GET /users/{id}/documents" => json(&client.list_user_documents(1).send().await?),
        "POST /users/{id}/documents" => {
            let file = drata::FilePart::from_bytes(b"%PDF".to_vec(), "a.pdf");
            let body = UploadUserDocumentRequest::file(UploadUserDocumentType::SecTraining, file);
            json(&client.upload_user_document(1, body).send().await?)
        }
        "GET /users/{id}/documents/{documentId}/download" => json(&client.download_user_document(1, 2).send().await?),
        "GET /user-identities/infrastructure" => json(&client.list_infrastructure_identities().send().await?),
        "PUT /user-identities/infrastructure/{id}/connect" => {
            json(&client.connect_infrastructure_identity(1, ConnectUserIdentityRequest::unlink()).send().await?)
        }
        "PUT /user-identities/infrastructure/{id}/toggle" => {
            let body = InfrastructureToggleRequest::new(true);
            json(&client.toggle_infrastructure_identity(1, body).send().await?)
        }
        "PUT /user-identities/infrastructure/{id}/service-account" => {
            let body = ServiceAccountRequest::new(true, "deploys");
            json(&client.mark_infrastructure_service_account(1, body).send().await?)
        }
        "GET /user-identities/version-control" => json(&client.list_version_control_identities().send().await?),
        "PUT /user-identities/version-control/{id}/connect" => {
            json(&client.connect_version_control_identity(1, ConnectUserIdentityRequest::unlink()).send().await?)
        }
        "PUT /user-identities/version-control/{id}/toggle" => {
            let body = VersionControlToggleRequest::new(true);
            json(&client.toggle_version_control_identity(1, body).send().await?)
        }
        "PUT /user-identities/version-control/{id}/service-account" => {
            let body = ServiceAccountRequest::new(true, "deploys");
            json(&client.mark_version_control_service_account(1, body).send().await?)
        }
        "error" => {
            let err = client.get_user(1).send().await.expect_err("the error sample comes with a 400");
            let body = err.body().unwrap_or_else(|| panic!("the error body does not parse: {err}"));
            json(body)
        }
        other => panic!("no call for {other}"),
    })
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("a decoded response encodes")
}

/// One member of a sample: its JSON path (as `Error::Decode` spells it) and the schema field it is.
struct Member {
    path: Vec<Step>,
    field: Option<String>,
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Every member of `value` at every depth, each with the `Struct.field` the schema makes of it.
fn members(api: &Api, value: &Value, ty: Option<&Type>, path: &mut Vec<Step>, out: &mut Vec<Member>) {
    let ty = ty.map(|t| resolve(api, t));
    match value {
        Value::Object(map) => {
            let fields = match ty {
                Some(Type::Named(n)) => match api.types.iter().find(|t| t.name() == n) {
                    Some(TypeDef::Struct(s)) => Some(s),
                    _ => None,
                },
                _ => None,
            };
            for (key, item) in map {
                let field = fields.and_then(|s| s.fields.iter().find(|f| f.wire == *key).map(|f| (s, f)));
                path.push(Step::Key(key.clone()));
                out.push(Member { path: path.clone(), field: field.map(|(s, f)| format!("{}.{}", s.name, f.wire)) });
                members(api, item, field.map(|(_, f)| &f.ty), path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            let item_ty = match ty {
                Some(Type::Vec(t)) => Some(&**t),
                _ => None,
            };
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                members(api, item, item_ty, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Through `Nullable`, `Expandable` and aliases to the type that holds the members.
fn resolve<'a>(api: &'a Api, mut ty: &'a Type) -> &'a Type {
    loop {
        ty = match ty {
            Type::Nullable(t) | Type::Expandable(t) => t,
            Type::Named(n) => match api.types.iter().find(|t| t.name() == n) {
                Some(TypeDef::Alias { ty, .. }) => ty,
                _ => return ty,
            },
            _ => return ty,
        }
    }
}

/// The value at `path`, `None` where the path leads nowhere.
fn at<'v>(mut value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    for step in path {
        value = match step {
            Step::Key(k) => value.get(k)?,
            Step::Index(i) => value.get(i)?,
        };
    }
    Some(value)
}

/// Applies `change` to the member at `path` of a copy of `sample`.
fn mutate(sample: &Value, path: &[Step], change: impl FnOnce(&mut serde_json::Map<String, Value>, &str)) -> Value {
    let mut copy = sample.clone();
    let (last, parents) = path.split_last().expect("a member has a path");
    let mut parent = &mut copy;
    for step in parents {
        parent = match step {
            Step::Key(k) => &mut parent[k.as_str()],
            Step::Index(i) => &mut parent[*i],
        };
    }
    let (Value::Object(map), Step::Key(key)) = (parent, last) else { panic!("a member's parent is an object") };
    change(map, key);
    copy
}

#[tokio::test]
async fn every_member_of_every_response_sample_may_be_null_or_absent_except_the_policy_fields() {
    let root = drata_tests::root();
    let rendered = drata_codegen::Config::new().spec(root.join("spec/drata.yaml")).render().expect("the spec renders");
    let api = &rendered.api;

    // The policy the README states is the one the generated types carry.
    let requests = api.request_types();
    let mut required: Vec<String> = Vec::new();
    for t in &api.types {
        if let TypeDef::Struct(s) = t {
            if !requests.contains(&s.name) {
                required.extend(
                    s.fields
                        .iter()
                        .filter(|f| f.presence == Presence::Required)
                        .map(|f| format!("{}.{}", s.name, f.wire)),
                );
            }
        }
    }
    required.sort();
    let mut policy: Vec<String> = POLICY.iter().map(|s| s.to_string()).collect();
    policy.sort();
    assert_eq!(required, policy, "the response fields that are not `Option`");

    let server = MockServer::start().await;
    let current = Current::default();
    Mock::given(wiremock::matchers::any()).respond_with(current.clone()).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .options(RequestOptions::new().max_attempts(1))
        .build()
        .unwrap();

    let manifest: Vec<Value> =
        serde_json::from_slice(&std::fs::read(root.join("tests/fixtures/samples/manifest.json")).unwrap()).unwrap();
    let (mut decoded, mut refused, mut failures) = (0usize, 0usize, Vec::new());
    let mut policy_seen = std::collections::BTreeSet::new();
    for entry in manifest.iter().filter(|e| e["kind"] == "response") {
        let (file, operation) = (entry["file"].as_str().unwrap(), entry["operation"].as_str().unwrap());
        let sample: Value =
            serde_json::from_slice(&std::fs::read(root.join("tests/fixtures/samples").join(file)).unwrap()).unwrap();
        let status = if operation == "error" { 400 } else { entry["status"].as_u64().unwrap() as u16 };
        let ty = match operation {
            "error" => api.error_type.clone().map(Type::Named),
            _ => api.operations.iter().find(|o| format!("{} {}", o.http_method, o.path) == operation).and_then(|o| {
                match &o.success {
                    drata_codegen::ir::Response::Json(t) => Some(t.clone()),
                    _ => None,
                }
            }),
        };
        let mut found = Vec::new();
        members(api, &sample, ty.as_ref(), &mut Vec::new(), &mut found);
        assert!(found.iter().all(|m| m.field.is_some()), "{file}: every member is a field of a schema");
        for member in &found {
            let path = render(&member.path);
            let field = member.field.as_deref().unwrap_or("?");
            let listed = POLICY.contains(&field);
            for (how, variant) in [
                (
                    "null",
                    mutate(&sample, &member.path, |m, k| {
                        m.insert(k.to_owned(), Value::Null);
                    }),
                ),
                (
                    "absent",
                    mutate(&sample, &member.path, |m, k| {
                        m.remove(k);
                    }),
                ),
            ] {
                *current.0.lock().unwrap() = (status, serde_json::to_vec(&variant).unwrap());
                match (call(&client, operation).await, listed) {
                    // The member reads as nothing, where its object still is: a parent that vanished
                    // would hide the member instead of showing that it reads `None`.
                    (Ok(back), false) => {
                        match (at(&back, &member.path[..member.path.len() - 1]), at(&back, &member.path)) {
                            (Some(Value::Object(_)), None | Some(Value::Null)) => decoded += 1,
                            (Some(Value::Object(_)), Some(Value::Array(items))) if items.is_empty() => decoded += 1,
                            (Some(Value::Object(_)), Some(other)) => {
                                failures.push(format!("{file} {path} {how}: reads {other}"))
                            }
                            (parent, _) => {
                                failures.push(format!("{file} {path} {how}: its object re-encodes as {parent:?}"))
                            }
                        }
                    }
                    (Err(Error::Decode(e)), true) if e.path == path => {
                        refused += 1;
                        policy_seen.insert(field.to_owned());
                    }
                    (Err(e), false) => failures.push(format!("{file} {path} {how}: {e}")),
                    (result, true) => failures
                        .push(format!("{file} {path} {how}: expected a decode error at `{path}`, got {result:?}")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} variants fail:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(policy_seen.len(), POLICY.len(), "every policy field is tried: {policy_seen:?}");
    println!("{decoded} variants decoded with the member reading None or empty; {refused} refused as the policy says");
    // The README's figures: every member of every response sample, set to `null` and removed.
    assert_eq!((decoded, refused), (5_128, 74), "variants decoded, variants refused");
}

/// Requests stay exact: absence and `null` differ where the spec says they do.
#[tokio::test]
async fn request_bodies_are_sent_exactly() {
    let unlink = serde_json::to_value(ConnectUserIdentityRequest::unlink()).unwrap();
    assert_eq!(unlink, serde_json::json!({ "userId": null }));
    let toggle = serde_json::to_value(InfrastructureToggleRequest::new(false)).unwrap();
    assert_eq!(toggle, serde_json::json!({ "toggle": false }));
}
