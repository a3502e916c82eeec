//! Every sample on the seed pages, verbatim, decodes into the generated types and encodes back to
//! equivalent JSON: the same members and values, where two timestamps are equal when they name the
//! same instant (`.000Z` and `Z` spell the same time) and a member that is `null` in a response may
//! be left out (both read as `None`). A collapsed `{}` encodes back as `{}`.

use drata::runtime::chrono::{DateTime, FixedOffset};
use drata::runtime::serde_json::{self, Value};
use drata::*;
use drata_codegen::ir::{BodyKind, Response, Type};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes a sample into `T` and encodes it again.
type RoundTrip = fn(&str) -> Result<Value, String>;

fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> Result<Value, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

/// One row: operation (as the manifest names it), sample kind, the generated type's name, its round trip.
macro_rules! row {
    ($op:expr, $kind:expr, $ty:ty) => {
        ($op, $kind, stringify!($ty), round_trip::<$ty> as RoundTrip)
    };
}

/// The type each sample decodes into.
const TABLE: &[(&str, &str, &str, RoundTrip)] = &[
    row!("GET /users", "response", PaginatedUsers),
    row!("GET /users/{id}", "response", User),
    row!("GET /users/{id}/documents", "response", UserDocumentListResponse),
    row!("POST /users/{id}/documents", "response", UserDocument),
    row!("GET /users/{id}/documents/{documentId}/download", "response", UserDocumentDownload),
    row!("error", "response", ErrorResponse),
    row!("GET /user-identities/infrastructure", "response", PaginatedInfrastructureUserIdentities),
    row!("PUT /user-identities/infrastructure/{id}/connect", "response", InfrastructureUserIdentity),
    row!("PUT /user-identities/infrastructure/{id}/connect", "request", ConnectUserIdentityRequest),
    row!("PUT /user-identities/infrastructure/{id}/toggle", "response", InfrastructureUserIdentity),
    row!("PUT /user-identities/infrastructure/{id}/toggle", "request", InfrastructureToggleRequest),
    row!("PUT /user-identities/infrastructure/{id}/service-account", "response", InfrastructureUserIdentity),
    row!("PUT /user-identities/infrastructure/{id}/service-account", "request", ServiceAccountRequest),
    row!("GET /user-identities/version-control", "response", PaginatedVersionControlUserIdentities),
    row!("PUT /user-identities/version-control/{id}/connect", "response", VersionControlUserIdentity),
    row!("PUT /user-identities/version-control/{id}/connect", "request", ConnectUserIdentityRequest),
    row!("PUT /user-identities/version-control/{id}/toggle", "response", VersionControlUserIdentity),
    row!("PUT /user-identities/version-control/{id}/toggle", "request", VersionControlToggleRequest),
    row!("PUT /user-identities/version-control/{id}/service-account", "response", VersionControlUserIdentity),
    row!("PUT /user-identities/version-control/{id}/service-account", "request", ServiceAccountRequest),
];

/// `a` and `b` hold the same data.
fn equivalent(a: &Value, b: &Value, path: &str, response: bool) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<_> = x.keys().chain(y.keys()).collect();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(l), Some(r)) => equivalent(l, r, &format!("{path}.{k}"), response)?,
                    // Response models read `null` and absence alike and encode `None` as absence.
                    (Some(Value::Null), None) if response => {}
                    (l, r) => return Err(format!("{path}.{k}: {l:?} vs {r:?}")),
                }
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().try_for_each(|(i, (l, r))| equivalent(l, r, &format!("{path}[{i}]"), response))
        }
        (Value::String(x), Value::String(y)) if x != y => {
            match (DateTime::<FixedOffset>::parse_from_rfc3339(x), DateTime::<FixedOffset>::parse_from_rfc3339(y)) {
                (Ok(l), Ok(r)) if l == r => Ok(()),
                _ => Err(format!("{path}: {x:?} vs {y:?}")),
            }
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} vs {b}")),
    }
}

fn manifest() -> Vec<Value> {
    let path = drata_tests::root().join("tests/fixtures/samples/manifest.json");
    serde_json::from_slice(&std::fs::read(path).expect("manifest")).expect("manifest is JSON")
}

#[test]
fn every_seed_sample_round_trips() {
    let dir = drata_tests::root().join("tests/fixtures/samples");
    let manifest = manifest();
    assert!(manifest.len() >= 23, "the seed pages hold at least 23 samples");
    let mut failures = Vec::new();
    for entry in &manifest {
        let (file, op, kind) =
            (entry["file"].as_str().unwrap(), entry["operation"].as_str().unwrap(), entry["kind"].as_str().unwrap());
        let Some((.., round_trip)) = TABLE.iter().find(|(o, k, ..)| *o == op && *k == kind) else {
            failures.push(format!("{file}: no type known for {op} {kind}"));
            continue;
        };
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        match round_trip(&text) {
            Err(e) => failures.push(format!("{file}: does not decode {e}")),
            Ok(back) => {
                if let Err(e) = equivalent(&original, &back, "", kind == "response") {
                    failures.push(format!("{file}: re-encodes differently at {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} samples fail:\n{}", failures.len(), manifest.len(), failures.join("\n"));
}

/// The table names the types the spec gives each operation, so it cannot drift from the spec.
#[test]
fn the_table_matches_the_spec() {
    let rendered = drata_codegen::Config::new().spec(drata_tests::root().join("spec/drata.yaml")).render().unwrap();
    for op in &rendered.api.operations {
        let key = format!("{} {}", op.http_method, op.path);
        let mut expect = Vec::new();
        if let Response::Json(Type::Named(name)) = &op.success {
            expect.push(("response", name.as_str()));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.kind == BodyKind::Json) {
            if let Type::Named(name) = &body.ty {
                expect.push(("request", name.as_str()));
            }
        }
        for (kind, name) in expect {
            if let Some((.., ty, _)) = TABLE.iter().find(|(o, k, ..)| *o == key && *k == kind) {
                assert_eq!(*ty, name, "{key} {kind}");
            }
        }
    }
    // And every operation with a documented JSON response has a sample.
    let ops: Vec<String> = rendered
        .api
        .operations
        .iter()
        .filter(|o| matches!(o.success, Response::Json(_)))
        .map(|o| format!("{} {}", o.http_method, o.path))
        .collect();
    for op in ops {
        assert!(manifest().iter().any(|e| e["operation"] == op.as_str()), "no sample for {op}");
    }
}
