"""``missiva send``, ``missiva outbox list|retry|export-eml``, ``missiva print``, ``missiva smtp``.

SMTP settings come from ``[mail]`` in settings.toml; the password from the OS keyring
(``missiva smtp password`` stores it) or, where no keyring exists (CI, containers), from the
``MISSIVA_SMTP_PASSWORD`` environment variable. A message that cannot be sent stays queued in
the outbox and the command exits with 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json
from desktop.core.errors import DeliveryError

OUTBOX_HELP = "E-mails waiting to be sent, sent and failed."


def _failed(text: str) -> DeliveryError:
    return DeliveryError(text)


def _item_line(item: dict[str, object]) -> str:
    status = str(item["status"])
    line = f"#{item['id']}  {status:<7}  {item['recipients']}  {item['subject']}"
    if status in ("queued", "failed") and item.get("last_error"):
        line += f"\n      {item['last_error']}"
        if status == "queued" and item.get("next_attempt_at"):
            line += f" (next attempt {item['next_attempt_at']})"
    return line


def _add_outbox(app: typer.Typer) -> None:
    outbox = typer.Typer(help=OUTBOX_HELP, no_args_is_help=True)
    app.add_typer(outbox, name="outbox")

    @outbox.command("list")
    @guarded
    def outbox_list(
        status: Annotated[
            str | None, typer.Option("--status", help="queued, sending, sent or failed")
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """List the outbox, newest first."""
        from desktop.core.services import mail

        items = [i.to_dict() for i in mail.list_outbox(make_context(data_dir), status=status)]
        if json_output:
            print_json(items)
            return
        if not items:
            typer.echo("The outbox is empty.")
        for item in items:
            typer.echo(_item_line(item))

    @outbox.command("retry")
    @guarded
    def outbox_retry(
        message: Annotated[
            int | None,
            typer.Option("--id", metavar="ID", help="Send this message again (also a failed one)"),
        ] = None,
        due_only: Annotated[
            bool, typer.Option("--due-only", help="Respect the back-off (for schedulers)")
        ] = False,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Send queued messages now; exit 3 if any is still unsent."""
        from desktop.core.services import mail

        ctx = make_context(data_dir)
        if message is not None:
            mail.requeue(ctx, message)
            items = [mail.deliver(ctx, message)]
        else:
            items = mail.retry_due(ctx, include_not_due=not due_only)
        data = [i.to_dict() for i in items]
        if json_output:
            print_json(data)
        elif not data:
            typer.echo("Nothing to send.")
        for item in [] if json_output else data:
            typer.echo(_item_line(item))
        unsent = [i for i in items if i.status != "sent"]
        if unsent:
            raise _failed(f"{len(unsent)} message(s) not sent; they stay in the outbox")

    @outbox.command("export-eml")
    @guarded
    def outbox_export(
        message: Annotated[int, typer.Argument(metavar="ID", help="Outbox message number")],
        out: Annotated[Path, typer.Option("--out", help="The .eml file to write", dir_okay=False)],
        data_dir: DataDir = None,
    ) -> None:
        """Save a message as .eml to open it in your own mail program."""
        from desktop.core.services import mail

        typer.echo(str(mail.export_outbox_eml(make_context(data_dir), message, out)))


def _add_smtp(app: typer.Typer) -> None:
    smtp = typer.Typer(
        help="Check the SMTP connection and store its password.", no_args_is_help=True
    )
    app.add_typer(smtp, name="smtp")

    @smtp.command("test")
    @guarded
    def smtp_test(data_dir: DataDir = None) -> None:
        """Connect, secure, log in and quit, using the [mail] settings."""
        from desktop.core.delivery import check_connection
        from desktop.core.services.mail import smtp_config

        typer.echo(check_connection(smtp_config(make_context(data_dir))))

    @smtp.command("password")
    @guarded
    def smtp_store_password(
        forget: Annotated[
            bool, typer.Option("--forget", help="Delete the stored password")
        ] = False,
        data_dir: DataDir = None,
    ) -> None:
        """Store the SMTP password in the OS keyring (asked for, never echoed)."""
        from desktop.core.delivery import delete_smtp_password, store_smtp_password
        from desktop.core.delivery.secrets import require_keyring

        mail = make_context(data_dir).settings.mail
        if not mail.host or not mail.username:
            raise DeliveryError(
                "set [mail] host and username in settings.toml first", field="mail.username"
            )
        require_keyring()  # say so before asking for a password that cannot be kept
        if forget:
            delete_smtp_password(mail.host, mail.username)
            typer.echo(f"Forgot the password of {mail.username}@{mail.host}.")
            return
        secret = typer.prompt(f"Password for {mail.username}@{mail.host}", hide_input=True)
        store_smtp_password(mail.host, mail.username, secret)
        typer.echo("Stored in the keyring.")


def register(app: typer.Typer) -> None:
    """Add ``send``, ``outbox``, ``print`` and ``smtp`` to the root app."""

    @app.command("send")
    @guarded
    def send(
        ref: Annotated[str, typer.Argument(metavar="REF", help="Reference of an issued entry")],
        to: Annotated[
            list[str] | None,
            typer.Option(
                "--to", metavar="ADDRESS", help="Recipient (repeat; default: the entry's e-mail)"
            ),
        ] = None,
        attach: Annotated[
            list[str] | None, typer.Option("--attach", help="pdf or docx (repeat; default: all)")
        ] = None,
        in_reply_to: Annotated[
            str,
            typer.Option(
                "--in-reply-to", metavar="MESSAGE-ID", help="Message-ID of the e-mail answered"
            ),
        ] = "",
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """E-mail an issued letter; it is queued first, and stays queued if sending fails."""
        from desktop.core.services import mail

        item = mail.send_entry(
            make_context(data_dir), ref, to or (), attach=attach or (), in_reply_to=in_reply_to
        )
        if json_output:
            print_json(item.to_dict())
        elif item.status == "sent":
            typer.echo(f"{ref}: sent to {', '.join(item.accepted)} ({item.message_id})")
        if item.status == "sent" and item.refused:
            raise _failed(
                f"{ref} was sent to {', '.join(item.accepted)}, but the server refused "
                f"{item.last_error.split(': ', 1)[-1]}"
            )
        if item.status != "sent":
            raise _failed(
                f"{ref} was not sent: {item.last_error} — it stays in the outbox as #{item.id} "
                "('missiva outbox retry' sends it)"
            )

    @app.command("print")
    @guarded
    def print_entry(
        ref: Annotated[str, typer.Argument(metavar="REF", help="Reference of an issued entry")],
        printer: Annotated[
            str, typer.Option("--printer", help="CUPS printer (default: the default one)")
        ] = "",
        copies: Annotated[int, typer.Option("--copies", min=1, max=99)] = 1,
        data_dir: DataDir = None,
    ) -> None:
        """Send the issued PDF to a CUPS printer with lp and mark the entry printed."""
        from desktop.core.services.printing import print_entry as run

        typer.echo(run(make_context(data_dir), ref, printer=printer, copies=copies))

    _add_outbox(app)
    _add_smtp(app)
