"""`distillq serve-local`: a real model on this machine (llama.cpp server + Gemma 3 270M GGUF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from distillq.cli.common import console, handle_errors


@handle_errors
def serve_local(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8080,
    model: Annotated[
        Path | None, typer.Option(help="A .gguf file (default: Gemma 3 270M from distillq[local]).")
    ] = None,
    n_ctx: Annotated[int, typer.Option("--n-ctx", help="Context window in tokens.")] = 4096,
    threads: Annotated[int | None, typer.Option(help="CPU threads (default: the server's).")] = None,
    chat_format: Annotated[
        str | None,
        typer.Option(
            "--chat-format",
            help="llama.cpp chat format (default: gemma for our model, else the file's template).",
        ),
    ] = None,
) -> None:
    """Serve a GGUF model on 127.0.0.1 with llama-cpp-python's OpenAI-compatible server until Ctrl-C."""
    import signal
    import time

    from distillq.local_server import DEFAULT_MODEL_NAME, LocalServer

    server = LocalServer(model, port=port, n_ctx=n_ctx, n_threads=threads, chat_format=chat_format)
    with console.status("loading the model..."):
        server.start()
    console.print(f"serving {DEFAULT_MODEL_NAME} at {server.base_url} (Ctrl-C stops it)", highlight=False)
    console.print(
        f"use it as [bold]llama-cpp/{DEFAULT_MODEL_NAME}[/] (LLAMA_CPP_BASE_URL={server.base_url}) or "
        f"[bold]openai-api/local/{DEFAULT_MODEL_NAME}[/] (LOCAL_BASE_URL={server.base_url})",
        highlight=False,
    )

    def on_term(_sig: int, _frame: object) -> None:
        raise KeyboardInterrupt  # `kill` stops the server as Ctrl-C does, never leaving it running

    signal.signal(signal.SIGTERM, on_term)
    try:
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(1)
        console.print("[yellow]the server stopped")
    except KeyboardInterrupt:
        console.print("stopping the server")
    finally:
        server.stop()
