//! Lists every ADMIN user, links infrastructure identity 1 to the first of them, and uploads this
//! repository's README.md as their security training evidence.
//!
//! ```text
//! DRATA_API_KEY=... [DRATA_BASE_URL=https://public-api.eu.drata.com/public] cargo run --example quickstart
//! ```

use drata::runtime::futures::TryStreamExt;
use drata::{
    Client, ConnectUserIdentityRequest, FilePart, Server, UploadUserDocumentRequest, UploadUserDocumentType, UserRole,
};
use std::io::Write;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let base_url = std::env::var("DRATA_BASE_URL").unwrap_or_else(|_| Server::Us.url().to_owned());
    let client = match Client::builder().base_url(base_url).bearer_token_from_env("DRATA_API_KEY").build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let readme = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
    match run(&client, readme, &mut std::io::stdout()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The three steps, one line of output each; `readme` is the file uploaded.
pub async fn run(
    client: &Client,
    readme: &std::path::Path,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    // Every page, fetched lazily as the stream is read.
    let admins: Vec<_> = client.list_users().roles([UserRole::Admin]).stream().try_collect().await?;
    writeln!(out, "found {} users with the ADMIN role", admins.len())?;
    let first = admins.first().ok_or("no user has the ADMIN role")?;

    let identity = client
        .connect_infrastructure_identity(1, ConnectUserIdentityRequest { user_id: Some(first.id) })
        .send()
        .await?;
    writeln!(out, "linked infrastructure identity {} ({}) to user {}", identity.id, identity.username, first.id)?;

    let readme = FilePart::from_path(readme)?;
    let body = UploadUserDocumentRequest {
        type_: UploadUserDocumentType::SecTraining,
        file: Some(readme),
        base64_file: None,
        completion_date: None,
    };
    let document = client.upload_document_for_user(first.id, body).send().await?;
    let id = document.id.map_or_else(|| "?".to_owned(), |id| id.to_string());
    writeln!(out, "uploaded README.md as SEC_TRAINING document {id} for user {}", first.id)?;
    Ok(())
}
