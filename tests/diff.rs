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

/// One case: the edit, whether it is breaking, and the kind of change it must produce.
macro_rules! case {
    ($name:ident, breaking = $breaking:expr, kind = $kind:expr, $($from:expr => $to:expr),+ $(,)?) => {
        #[test]
        fn $name() {
            let old = base();
            let new = edit(&old, &[$(($from, $to)),+]);
            let r = report(&old, &new);
            assert!(r.changes.iter().any(|c| c.kind == $kind), "expected `{}`:\n{}", $kind, r.text());
            assert_eq!(r.is_breaking(), $breaking, "{}", r.text());
            insta::assert_snapshot!(
                stringify!($name),
                format!("{}\n---- markdown ----\n{}\n---- json ----\n{}", r.text(), r.markdown(), r.json())
            );
        }
    };
}

case!(operation_added, breaking = false, kind = "operation added",
    "components:" => "  /owners:\n    get:\n      operationId: listOwners\n      responses:\n        '204': {description: none}\ncomponents:");
case!(operation_removed, breaking = true, kind = "operation removed",
    "    post:\n      operationId: createPet" => "    x-post:\n      operationId: createPet");
case!(operation_renamed, breaking = true, kind = "operation renamed", "operationId: getPet" => "operationId: fetchPet");
case!(path_changed, breaking = true, kind = "path or method changed", "  /pets/{id}:" => "  /animals/{id}:");
case!(method_changed, breaking = true, kind = "path or method changed",
    "  /pets/{id}:\n    get:" => "  /pets/{id}:\n    put:");
case!(required_parameter_added, breaking = true, kind = "required parameter added",
    "        - name: kind\n" => "        - {name: owner, in: query, required: true, schema: {type: string}}\n        - name: kind\n");
case!(optional_parameter_added, breaking = false, kind = "optional parameter added",
    "        - name: kind\n" => "        - {name: owner, in: query, schema: {type: string}}\n        - name: kind\n");
case!(parameter_removed, breaking = true, kind = "parameter removed",
    "        - name: kind\n          in: query\n          schema: {$ref: '#/components/schemas/Kind'}\n" => "");
case!(parameter_type_changed, breaking = true, kind = "parameter type changed",
    "schema: {type: integer, minimum: 1, maximum: 100, default: 20}" => "schema: {type: string, default: '20'}");
case!(parameter_constraint_changed, breaking = true, kind = "parameter constraint changed", "maximum: 100" => "maximum: 50");
case!(parameter_default_changed, breaking = true, kind = "parameter default changed", "default: 20" => "default: 10");
case!(request_field_added_as_required, breaking = true, kind = "required request field added",
    "      required: [name]\n      properties:\n        name: {type: string}\n        tag: {type: string}" =>
    "      required: [name, owner]\n      properties:\n        name: {type: string}\n        tag: {type: string}\n        owner: {type: string}");
case!(response_field_added, breaking = false, kind = "field added",
    "        kind: {$ref: '#/components/schemas/Kind'}" => "        kind: {$ref: '#/components/schemas/Kind'}\n        age: {type: integer}");
case!(response_field_removed, breaking = true, kind = "field removed", "        tag: {type: string}\n        kind:" => "        kind:");
case!(response_field_type_changed, breaking = true, kind = "field type changed",
    "        id: {type: integer, format: int64}\n        name:" => "        id: {type: string}\n        name:");
case!(field_became_nullable, breaking = true, kind = "field became nullable",
    "        name: {type: string}\n        tag: {type: string}\n        kind:" => "        name: {type: string, nullable: true}\n        tag: {type: string}\n        kind:");
case!(field_became_optional, breaking = true, kind = "field became optional", "      required: [id, name]" => "      required: [id]");
case!(enum_value_added, breaking = false, kind = "enum value added", "enum: [cat, dog]" => "enum: [cat, dog, bird]");
case!(enum_value_removed, breaking = true, kind = "enum value removed", "enum: [cat, dog]" => "enum: [cat]");
case!(schema_renamed, breaking = true, kind = "schema renamed",
    "    NewPet:" => "    PetInput:", "$ref: '#/components/schemas/NewPet'" => "$ref: '#/components/schemas/PetInput'");
case!(server_changed, breaking = true, kind = "server changed", "https://api.example.com/v1" => "https://api.example.com/v2");
case!(security_changed, breaking = true, kind = "security changed",
    "    bearer: {type: http, scheme: bearer}" => "    key: {type: apiKey, in: header, name: X-Key}");

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
