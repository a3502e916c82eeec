//! Decoding speed of the generated types against hand-written serde structs of the same shape, on
//! a 50-user list response built from the seed pages' sample; and the per-item cost of the
//! paginating stream against iterating a `Vec`.
//!
//! `cargo bench --bench decode`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use drata::runtime::futures::StreamExt;
use serde_json::{json, Value};

/// The seed sample's user, 50 times with distinct ids.
fn fifty_users() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples/001_list_users_200.json");
    let sample: Value = serde_json::from_slice(&std::fs::read(path).expect("sample")).expect("json");
    let users: Vec<Value> = (1..=50)
        .map(|id| {
            let mut user = sample["data"][0].clone();
            user["id"] = json!(id);
            user
        })
        .collect();
    json!({ "data": users, "page": 1, "limit": 50, "total": 50 }).to_string()
}

/// What one would write by hand for the same JSON: plain derives, the same field types.
// The fields are there to be decoded, not read.
#[allow(dead_code)]
mod hand {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page {
        pub data: Vec<User>,
        pub page: i64,
        pub limit: i64,
        pub total: i64,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct User {
        pub id: i64,
        pub entry_id: Option<String>,
        pub email: Option<String>,
        pub first_name: String,
        pub last_name: String,
        pub job_title: String,
        pub drata_terms_agreed_at: DateTime<Utc>,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
        pub roles: Vec<String>,
        pub background_checks: Vec<BackgroundCheck>,
        pub identities: Vec<Identity>,
        pub documents: Option<Vec<Documents>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BackgroundCheck {
        pub id: i64,
        pub user_id: i64,
        pub status: String,
        pub case_id: String,
        pub case_invitation_id: String,
        pub manual_check_date: NaiveDate,
        pub manually_check_url: String,
        #[serde(rename = "type")]
        pub kind: String,
        pub source: String,
        pub report_data: String,
        pub user: Option<Box<User>>,
        pub out_of_scope_reason: String,
        pub out_of_scope_at: DateTime<Utc>,
        pub invitation_email: Option<String>,
        pub linked_at: DateTime<Utc>,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Identity {
        pub id: i64,
        pub identity_id: String,
        pub username: String,
        pub connected_at: DateTime<Utc>,
        pub disconnected_at: DateTime<Utc>,
        pub has_mfa: bool,
        pub user: Option<Box<User>>,
        pub connection: Option<Connection>,
        pub has_idp: bool,
        pub secondary_email: Option<String>,
        pub first_name: String,
        pub last_name: String,
        pub started_at: DateTime<Utc>,
        pub separated_at: DateTime<Utc>,
        pub is_contractor: bool,
        pub job_title: String,
        pub manager_id: String,
        pub manager_name: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Connection {
        pub id: String,
        pub client_type: String,
        pub state: String,
        pub connected: bool,
        pub connected_at: DateTime<Utc>,
        pub failed_at: DateTime<Utc>,
        pub company_id: String,
        pub assignment_id: String,
        pub user: Option<Box<User>>,
        pub account_id: String,
        pub client_id: String,
        pub client_alias: String,
        pub manually_updated_at: DateTime<Utc>,
        pub alias_updated_at: DateTime<Utc>,
        pub deleted_at: DateTime<Utc>,
        pub requestor_id: String,
        pub product: Option<serde_json::Map<String, serde_json::Value>>,
        pub write_access_enabled: bool,
        pub source_preference: String,
        pub security_label: String,
        pub jql_query: String,
        pub authorized: bool,
        pub workspaces: Vec<Workspace>,
        pub provider_types: Vec<i64>,
        pub code: i64,
        pub group_label: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Workspace {
        pub id: i64,
        pub name: String,
        pub description: String,
        pub how_it_works: Option<String>,
        pub primary: bool,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Documents {
        pub data: Vec<Option<Document>>,
        pub page: i64,
        pub limit: i64,
        pub total: i64,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Document {
        pub id: Option<i64>,
        pub name: Option<String>,
        #[serde(rename = "type")]
        pub kind: Option<DocumentType>,
        pub file_url: Option<String>,
        pub renewal_date: Option<NaiveDate>,
        pub created_at: Option<DateTime<Utc>>,
        pub updated_at: Option<DateTime<Utc>>,
    }

    /// The usual hand-written forward-compatible enum.
    #[derive(Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum DocumentType {
        SecTraining,
        MfaEvidence,
        #[serde(other)]
        Other,
    }
}

fn decode(c: &mut Criterion) {
    let body = fifty_users();
    // Both must decode the same input, and to the same data.
    let generated: drata::PaginatedUsers = serde_json::from_str(&body).expect("generated types decode");
    let hand: hand::Page = serde_json::from_str(&body).expect("hand-written types decode");
    assert_eq!((generated.data.len(), generated.total), (hand.data.len(), hand.total));
    assert_eq!(generated.data[49].identities.len(), hand.data[49].identities.len());

    let mut group = c.benchmark_group("decode 50 users");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function(BenchmarkId::new("generated", body.len()), |b| {
        b.iter(|| serde_json::from_str::<drata::PaginatedUsers>(std::hint::black_box(&body)).expect("decode"))
    });
    group.bench_function(BenchmarkId::new("hand-written", body.len()), |b| {
        b.iter(|| serde_json::from_str::<hand::Page>(std::hint::black_box(&body)).expect("decode"))
    });
    group.finish();
}

fn stream(c: &mut Criterion) {
    let users: Vec<drata::User> =
        serde_json::from_str::<drata::PaginatedUsers>(&fifty_users()).expect("decode").data;
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let mut group = c.benchmark_group("50 items");
    group.throughput(Throughput::Elements(50));
    group.bench_function("Vec::into_iter", |b| {
        b.iter(|| users.clone().into_iter().map(|u| u.id).sum::<i64>())
    });
    group.bench_function("paginating stream (one page of 50)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let items = users.clone();
                let mut pages = Some(items);
                let stream = drata::runtime::paginate::<_, drata::ErrorResponse, _, _>(1, Some(50), move |_page| {
                    let items = pages.take().unwrap_or_default();
                    async move { Ok(drata::runtime::Page { items, total: Some(50) }) }
                });
                stream.map(|u| u.map_or(0, |u| u.id)).fold(0i64, |a, b| async move { a + b }).await
            })
        })
    });
    group.finish();
}

criterion_group!(benches, decode, stream);
criterion_main!(benches);
