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

/// What one would write by hand for the same JSON: plain derives, the same field types (every
/// field but the user's id optional, collapsed `{}` objects as an untagged enum).
// The fields are there to be decoded, not read.
#[allow(dead_code)]
mod hand {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page {
        pub data: Option<Vec<User>>,
        pub page: Option<i64>,
        pub limit: Option<i64>,
        pub total: Option<i64>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct User {
        pub id: i64,
        pub entry_id: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub job_title: Option<String>,
        pub drata_terms_agreed_at: Option<DateTime<Utc>>,
        pub created_at: Option<DateTime<Utc>>,
        pub updated_at: Option<DateTime<Utc>>,
        pub roles: Option<Vec<String>>,
        pub background_checks: Option<Vec<BackgroundCheck>>,
        pub identities: Option<Vec<Identity>>,
        pub documents: Option<Vec<Documents>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BackgroundCheck {
        pub id: Option<i64>,
        pub user_id: Option<i64>,
        pub status: Option<String>,
        pub case_id: Option<String>,
        pub case_invitation_id: Option<String>,
        pub manual_check_date: Option<NaiveDate>,
        pub manually_check_url: Option<String>,
        #[serde(rename = "type")]
        pub kind: Option<String>,
        pub source: Option<String>,
        pub report_data: Option<String>,
        pub user: Option<MaybeCollapsed<User>>,
        pub out_of_scope_reason: Option<String>,
        pub out_of_scope_at: Option<DateTime<Utc>>,
        pub invitation_email: Option<String>,
        pub linked_at: Option<DateTime<Utc>>,
        pub created_at: Option<DateTime<Utc>>,
        pub updated_at: Option<DateTime<Utc>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Identity {
        pub id: Option<i64>,
        pub identity_id: Option<String>,
        pub username: Option<String>,
        pub connected_at: Option<DateTime<Utc>>,
        pub disconnected_at: Option<DateTime<Utc>>,
        pub has_mfa: Option<bool>,
        pub user: Option<MaybeCollapsed<User>>,
        pub connection: Option<MaybeCollapsed<Connection>>,
        pub has_idp: Option<bool>,
        pub secondary_email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub started_at: Option<DateTime<Utc>>,
        pub separated_at: Option<DateTime<Utc>>,
        pub is_contractor: Option<bool>,
        pub job_title: Option<String>,
        pub manager_id: Option<String>,
        pub manager_name: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Connection {
        pub id: Option<String>,
        pub client_type: Option<String>,
        pub state: Option<String>,
        pub connected: Option<bool>,
        pub connected_at: Option<DateTime<Utc>>,
        pub failed_at: Option<DateTime<Utc>>,
        pub company_id: Option<String>,
        pub assignment_id: Option<String>,
        pub user: Option<MaybeCollapsed<User>>,
        pub account_id: Option<String>,
        pub client_id: Option<String>,
        pub client_alias: Option<String>,
        pub manually_updated_at: Option<DateTime<Utc>>,
        pub alias_updated_at: Option<DateTime<Utc>>,
        pub deleted_at: Option<DateTime<Utc>>,
        pub requestor_id: Option<String>,
        pub product: Option<serde_json::Map<String, serde_json::Value>>,
        pub write_access_enabled: Option<bool>,
        pub source_preference: Option<String>,
        pub security_label: Option<String>,
        pub jql_query: Option<String>,
        pub authorized: Option<bool>,
        pub workspaces: Option<Vec<Workspace>>,
        pub provider_types: Option<Vec<i64>>,
        pub code: Option<i64>,
        pub group_label: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Workspace {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub how_it_works: Option<String>,
        pub primary: Option<bool>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Documents {
        pub data: Option<Vec<Option<Document>>>,
        pub page: Option<i64>,
        pub limit: Option<i64>,
        pub total: Option<i64>,
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

    /// The usual hand-written way to take an object or the `{}` the server sends in its place.
    #[derive(Deserialize)]
    #[serde(untagged)]
    pub enum MaybeCollapsed<T> {
        Full(Box<T>),
        Collapsed {},
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
    let hand_users = hand.data.as_deref().unwrap_or_default();
    assert_eq!((generated.data.len(), generated.total), (hand_users.len(), hand.total));
    assert_eq!(generated.data[49].identities.len(), hand_users[49].identities.as_ref().map_or(0, Vec::len));

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
    let users: Vec<drata::User> = serde_json::from_str::<drata::PaginatedUsers>(&fifty_users()).expect("decode").data;
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let mut group = c.benchmark_group("50 items");
    group.throughput(Throughput::Elements(50));
    group.bench_function("Vec::into_iter", |b| b.iter(|| users.clone().into_iter().map(|u| u.id).sum::<i64>()));
    group.bench_function("paginating stream (one page of 50)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let mut pages = Some(users.clone());
                let pages = drata::runtime::pages::<_, drata::ErrorResponse, _, _>(1, Some(50), move |_page| {
                    let value = pages.take().unwrap_or_default();
                    async move { Ok(drata::runtime::Page { count: value.len(), total: Some(50), value }) }
                });
                let stream = drata::runtime::items(pages, |page| page);
                stream.map(|u| u.map_or(0, |u| u.id)).fold(0i64, |a, b| async move { a + b }).await
            })
        })
    });
    group.finish();
}

criterion_group!(benches, decode, stream);
criterion_main!(benches);
