//! Fault injection against a real server on 127.0.0.1 that misbehaves at the TCP level: every case
//! ends in the right error variant, within bounded time and memory, and without a panic.

use drata_runtime::reqwest::Method;
use drata_runtime::{ApiClient, Error, RequestOptions};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves every connection with `handler`; returns the base URL and a request counter.
async fn serve<F, Fut>(handler: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let handler = Arc::new(handler);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let handler = handler.clone();
            tokio::spawn(async move {
                // Read the request head before answering.
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                handler(stream).await;
            });
        }
    });
    (url, count)
}

fn client(url: &str, options: RequestOptions) -> ApiClient {
    ApiClient::builder().base_url(url).options(options.initial_backoff(Duration::from_millis(5))).build().unwrap()
}

#[tokio::test]
async fn connection_reset_mid_body_is_a_transport_error() {
    let (url, _) = serve(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"data\": [")
            .await;
        // Dropping the socket cuts the body short.
    })
    .await;
    let err = client(&url, RequestOptions::new())
        .request(Method::GET, "/x".into())
        .send_json::<serde_json::Value, ()>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn slow_headers_past_the_timeout() {
    let (url, _) = serve(|mut s| async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").await;
    })
    .await;
    let start = Instant::now();
    let err = client(&url, RequestOptions::new().timeout(Duration::from_millis(300)))
        .request(Method::GET, "/x".into())
        .send_json::<serde_json::Value, ()>()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn html_where_json_was_promised_is_a_decode_error() {
    let (url, _) = serve(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 15\r\n\r\n<html>oops</html>")
            .await;
    })
    .await;
    let err = client(&url, RequestOptions::new())
        .request(Method::GET, "/x".into())
        .send_json::<serde_json::Value, ()>()
        .await
        .unwrap_err();
    let Error::Decode(e) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!((e.status, e.path.as_str(), e.body.as_str()), (200, ".", "<html>oops</htm"));
}

#[tokio::test]
async fn a_decode_error_keeps_the_first_64_kib_of_the_body() {
    let (url, _) = serve(|mut s| async move {
        let body = format!("[{}", "1,".repeat(50_000));
        let head =
            format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.write_all(body.as_bytes()).await;
    })
    .await;
    let err = client(&url, RequestOptions::new())
        .request(Method::GET, "/x".into())
        .send_json::<Vec<u8>, ()>()
        .await
        .unwrap_err();
    let Error::Decode(e) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(e.body_len, 100_001);
    assert_eq!(e.body.len(), drata_runtime::DecodeError::MAX_BODY);
    assert!(e.body.starts_with("[1,1,"));
    // Debug stays short: the body is cut there.
    assert!(format!("{err:?}").len() < 1_000, "{err:?}");
}

#[tokio::test]
async fn invalid_utf8_text_is_a_decode_error() {
    let (url, _) = serve(|mut s| async move {
        let _ =
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n\xff\xfe\xfd").await;
    })
    .await;
    let err =
        client(&url, RequestOptions::new()).request(Method::GET, "/x".into()).send_text::<()>().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_ten_megabyte_body_is_read_whole() {
    let (url, _) = serve(|mut s| async move {
        let body = vec![b'a'; 10 * 1024 * 1024];
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.write_all(&body).await;
    })
    .await;
    let body = client(&url, RequestOptions::new()).request(Method::GET, "/x".into()).send_bytes::<()>().await.unwrap();
    assert_eq!(body.value.len(), 10 * 1024 * 1024);
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_size_limit() {
    let (url, _) = serve(|mut s| async move {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").await;
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
        // Until the client hangs up.
        while s.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await;
    let err = client(&url, RequestOptions::new().max_response_bytes(1024 * 1024))
        .request(Method::GET, "/x".into())
        .send_bytes::<()>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 1048576, status: 200 }), "{err:?}");
    // A declared length over the limit is refused before reading.
    let (url, _) = serve(|mut s| async move {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n").await;
    })
    .await;
    let err = client(&url, RequestOptions::new().max_response_bytes(1024))
        .request(Method::GET, "/x".into())
        .send_bytes::<()>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}

const TOO_MANY: &[u8] = b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

#[tokio::test]
async fn a_429_storm_is_bounded_in_attempts_and_time() {
    let (url, count) = serve(|mut s| async move {
        let _ = s.write_all(TOO_MANY).await;
    })
    .await;
    let start = Instant::now();
    let err = client(&url, RequestOptions::new().max_attempts(4))
        .request(Method::GET, "/x".into())
        .send_empty::<()>()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 4);
    assert!(start.elapsed() < Duration::from_secs(2));

    // A Retry-After longer than the time left ends the call at once, with the server's answer.
    let (url, count) = serve(|mut s| async move {
        let _ = s.write_all(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3600\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
    })
    .await;
    let start = Instant::now();
    let err = client(&url, RequestOptions::new().timeout(Duration::from_secs(10)))
        .request(Method::GET, "/x".into())
        .send_empty::<()>()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn non_idempotent_requests_are_never_retried() {
    for method in [Method::POST, Method::PATCH] {
        let (url, count) = serve(|mut s| async move {
            let _ = s.write_all(TOO_MANY).await;
        })
        .await;
        let err = client(&url, RequestOptions::new().max_attempts(5))
            .request(method.clone(), "/x".into())
            .send_empty::<()>()
            .await
            .unwrap_err();
        assert!(err.is_rate_limited(), "{method}: {err:?}");
        assert_eq!(count.load(Ordering::SeqCst), 1, "{method}");
        // Nor after a connection cut mid-response.
        let (url, count) = serve(|s| async move { drop(s) }).await;
        let err = client(&url, RequestOptions::new().max_attempts(5))
            .request(method.clone(), "/x".into())
            .send_empty::<()>()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{method}: {err:?}");
        assert_eq!(count.load(Ordering::SeqCst), 1, "{method}");
    }
}

#[tokio::test]
async fn idempotent_requests_are_retried_after_a_dropped_connection() {
    // The first two connections are closed without an answer; the third is served.
    let served = Arc::new(AtomicUsize::new(0));
    let serve_after_two = |served: Arc<AtomicUsize>| {
        move |mut s: TcpStream| {
            let served = served.clone();
            async move {
                if served.fetch_add(1, Ordering::SeqCst) >= 2 {
                    let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}").await;
                }
            }
        }
    };
    let (url, count) = serve(serve_after_two(served.clone())).await;
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        served.store(0, Ordering::SeqCst);
        count.store(0, Ordering::SeqCst);
        let value = client(&url, RequestOptions::new().max_attempts(3))
            .request(method.clone(), "/x".into())
            .send_json::<serde_json::Value, ()>()
            .await
            .unwrap_or_else(|e| panic!("{method}: {e:?}"));
        assert_eq!(value.value, serde_json::json!({}));
        assert_eq!(count.load(Ordering::SeqCst), 3, "{method}: two dropped connections, then the answer");
    }
    // Two attempts allowed: both connections are dropped, and the failure is the transport's.
    served.store(0, Ordering::SeqCst);
    count.store(0, Ordering::SeqCst);
    let err = client(&url, RequestOptions::new().max_attempts(2))
        .request(Method::GET, "/x".into())
        .send_empty::<()>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_until_the_server_is_up() {
    // Nothing listens on the port at first: the first attempts are refused. The server starts
    // there 300 ms later, and a retried GET reaches it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let started = Instant::now();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let listener = TcpListener::bind(addr).await.unwrap();
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}").await;
        }
    });
    let options = RequestOptions::new().max_attempts(30).initial_backoff(Duration::from_millis(50));
    let value = ApiClient::builder()
        .base_url(format!("http://{addr}"))
        .options(options)
        .build()
        .unwrap()
        .request(Method::GET, "/x".into())
        .send_json::<serde_json::Value, ()>()
        .await
        .unwrap_or_else(|e| panic!("the GET was not retried until the server was up: {e:?}"));
    assert_eq!(value.value, serde_json::json!({}));
    assert!(started.elapsed() >= Duration::from_millis(300), "it was answered by the server that came up");
}
