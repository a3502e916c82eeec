//! Load: one shared `Client` drives 10,000 `get_user` calls at concurrency 64 against a local
//! wiremock server, then prints requests per second, errors and the process's peak RSS.
//!
//! `cargo run --release --example load`

use drata::runtime::futures::{stream, StreamExt};
use std::time::Instant;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() {
    let sample = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples/000_get_user_200.json"))
        .expect("sample");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(sample, "application/json"))
        .mount(&server)
        .await;
    let client = drata::Client::new(server.uri(), "load-test-token").expect("client");
    let (total, concurrency): (i64, usize) = (10_000, 64);
    let start = Instant::now();
    let errors = stream::iter(0..total)
        .map(|i| {
            let client = client.clone();
            async move { client.get_user(i).send().await.is_err() }
        })
        .buffer_unordered(concurrency)
        .filter(|failed| std::future::ready(*failed))
        .count()
        .await;
    let elapsed = start.elapsed();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    println!(
        "{total} requests, concurrency {concurrency}: {errors} errors, {:.2} s, {:.0} requests/s, peak RSS {peak} (client and server in one process)",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    if errors > 0 {
        std::process::exit(1);
    }
}
