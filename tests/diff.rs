//! `drata-codegen diff`: one small spec change per kind of change, each reported in all three
//! formats (snapshots) and classified as breaking or not; plus the Drata spec against a variant.

use drata_codegen::diff::{diff, Report};
use drata_codegen::lower_text;

fn base() -> String {
    std::fs::read_to_string(drata_tests::root().join("tests/diff/base.yaml")).unwrap()
}

/// Applies `edits` (each `from` must occur) to `text`.
fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_owned(), |t, (from, to)| {
        assert!(t.contains(from), "`{from}` not in the spec");
        t.replacen(from, to, 1)
    })
}

fn report(old: &str, new: &str) -> Report {
    let old = lower_text(old, "old.yaml").unwrap_or_else(|e| panic!("{e}"));
    let new = lower_text(new, "new.yaml").unwrap_or_else(|e| panic!("{e}"));
    diff(&old.api, &new.api)
}

/// The single-edit cases of `tests/diff/cases.json` (shared with `scripts/semver.sh`, which checks
/// the same verdicts against cargo-semver-checks): each edit, whether it is breaking, and the kind
/// of change it must produce; each report is snapshotted in all three formats.
#[test]
fn every_single_edit_case_is_reported_and_classified() {
    let text = std::fs::read_to_string(drata_tests::root().join("tests/diff/cases.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 22, "{}", cases.len());
    let old = base();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let edits: Vec<(&str, &str)> = case["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_str().unwrap(), e[1].as_str().unwrap()))
            .collect();
        let new = edit(&old, &edits);
        let r = report(&old, &new);
        let kind = case["kind"].as_str().unwrap();
        assert!(r.changes.iter().any(|c| c.kind == kind), "{name}: expected `{kind}`:\n{}", r.text());
        assert_eq!(r.is_breaking(), case["breaking"].as_bool().unwrap(), "{name}: {}", r.text());
        insta::assert_snapshot!(
            name,
            format!("{}\n---- markdown ----\n{}\n---- json ----\n{}", r.text(), r.markdown(), r.json())
        );
    }
}

/// Which credentials go with an operation is part of using it: a requirement an existing client may
/// no longer meet is breaking, one that only adds alternatives or drops credentials is not.
#[test]
fn security_requirements_are_compared_per_operation() {
    let old = edit(&base(), &[("components:\n  securitySchemes:\n", "security:\n  - bearer: []\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n")]);
    let kinds = |r: &Report| {
        r.changes.iter().map(|c| (c.kind, c.subject.clone(), c.breaking, c.detail.clone())).collect::<Vec<_>>()
    };
    // One operation now wants the key instead: breaking, named by the operation.
    let keyed =
        edit(&old, &[("      operationId: getPet\n", "      operationId: getPet\n      security: [{key: []}]\n")]);
    let r = report(&old, &keyed);
    assert_eq!(
        kinds(&r),
        [("security requirement changed", "`getPet` (GET /pets/{id})".into(), true, "bearer -> API key `KEY`".into())],
        "{}",
        r.text()
    );
    // The key as an alternative keeps every bearer client working; going public too.
    let either = edit(
        &old,
        &[("      operationId: getPet\n", "      operationId: getPet\n      security: [{bearer: []}, {key: []}]\n")],
    );
    assert!(!report(&old, &either).is_breaking(), "{}", report(&old, &either).text());
    let public = edit(&old, &[("      operationId: getPet\n", "      operationId: getPet\n      security: []\n")]);
    let r = report(&old, &public);
    assert_eq!(kinds(&r)[0].3, "bearer -> no credentials");
    assert!(!r.is_breaking());
    // The document's requirement changing is one entry, not one per operation.
    let document = edit(&old, &[("security:\n  - bearer: []\n", "security:\n  - key: []\n")]);
    let r = report(&old, &document);
    assert_eq!(
        kinds(&r),
        [("security requirement changed", "the document's `security`".into(), true, "bearer -> API key `KEY`".into())],
        "{}",
        r.text()
    );
}

#[test]
fn identical_specs_report_nothing() {
    let r = report(&base(), &base());
    assert!(r.changes.is_empty() && !r.is_breaking());
    assert_eq!(r.text(), "No API changes.\n");
}

/// The Drata spec against a variant with a removed field, an added enum value and a new required
/// parameter.
#[test]
fn drata_variant() {
    let old = std::fs::read_to_string(drata_tests::root().join("spec/drata.yaml")).unwrap();
    let new = edit(&old, &[
        ("        jobTitle:\n          type: string\n          nullable: true\n          example: CEO\n", ""),
        ("        - TRUST_CENTER_REVIEWER\n", "        - TRUST_CENTER_REVIEWER\n        - COMPLIANCE_LEAD\n"),
        (
            "      parameters:\n        - name: page\n",
            "      parameters:\n        - name: workspaceId\n          in: query\n          required: true\n          schema:\n            type: integer\n        - name: page\n",
        ),
    ]);
    // `jobTitle` is in User's required list too.
    let new = new.replacen("        - jobTitle\n", "", 1);
    let r = report(&old, &new);
    assert!(r.is_breaking());
    let kinds: Vec<(&str, &str, &str)> =
        r.changes.iter().map(|c| (c.kind, c.subject.as_str(), c.rust.as_str())).collect();
    assert!(kinds.contains(&("field removed", "`User.jobTitle`", "types::User::job_title")), "{}", r.text());
    assert!(
        kinds.contains(&("enum value added", "`UserRole` value `COMPLIANCE_LEAD`", "types::UserRole::ComplianceLead")),
        "{}",
        r.text()
    );
    assert!(
        kinds.contains(&(
            "required parameter added",
            "`UsersPublicController_listUsers` (GET /users) query parameter `workspaceId`",
            "Client::list_users(workspace_id)"
        )),
        "{}",
        r.text()
    );
    insta::assert_snapshot!("drata_variant", r.markdown());
}

/// Copies of a shared inline shape are compared as what each place is: a value added to one copy
/// (whichever copy held the definition) is that change of that copy, and nothing about the others,
/// the definition moving, or the shape's own definition, which no place of the document names.
#[test]
fn shared_shapes_are_compared_place_by_place() {
    let old = std::fs::read_to_string(drata_tests::root().join("tests/specs/shared_shapes.yaml")).unwrap();
    for (from, copy) in [
        // The first `[read, write]` (eleven copies, defined by content): the query parameter `level`.
        ("enum: [read, write]}}", "GetAppLevel"),
        // `[read, write, admin]` (two copies, defined by the shorter name): the copy that does not
        // hold the definition, `pages` of the response, and the one that does, `Installation`'s.
        ("pages: {type: string, enum: [read, write, admin]}", "GetAppResponsePermissionsPages"),
        ("\n            pages: {type: string, enum: [read, write, admin]}", "InstallationPermissionsPages"),
    ] {
        let to = from.replace("write", "write, none");
        let r = report(&old, &edit(&old, &[(from, &to)]));
        let changes: Vec<_> = r.changes.iter().map(|c| (c.kind, c.subject.clone())).collect();
        assert_eq!(changes, [("enum value added", format!("`{copy}` value `none`"))], "{}", r.text());
    }
}

/// A union that is a copy of a shared shape names its members' types through the copy holding the
/// definition; when that copy leaves the shape, the other copy's variants name its own types, yet
/// they are the same variants (`Variant1`, `Variant2`): only the edited copy's change is reported.
#[test]
fn a_union_copy_keeps_its_variants_when_the_definition_moves() {
    let old = &std::fs::read_to_string(drata_tests::root().join("tests/fixtures/shared_variants.yaml")).unwrap();
    // `Thing`'s copy held the definition (the shorter name) and leaves the shape.
    let new = edit(
        old,
        &[(
            "\n        value: {oneOf: [{type: object, properties: {x: {type: string, enum: [a, b]}}}",
            "\n        value: {oneOf: [{type: object, properties: {x: {type: string, enum: [a, b, c]}}}",
        )],
    );
    let r = report(old, &new);
    let changes: Vec<_> = r.changes.iter().map(|c| (c.kind, c.subject.clone())).collect();
    assert_eq!(changes, [("enum value added", "`ThingValueVariant1X` value `c`".to_owned())], "{}", r.text());
}
