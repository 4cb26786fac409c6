from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.fixture_errors import FixtureInvalid
from ladder.loader import load_ladder, read_ladder


class Command(BaseCommand):
    help = (
        "Validate Ladder's content files, then load them in one transaction. Rows are matched "
        "by natural key: unchanged content writes nothing, removed content is deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", type=Path, help="files or folders (default: fixtures/)"
        )
        parser.add_argument("--check", action="store_true", help="validate only; write nothing")

    def handle(self, *args: object, paths: list[Path], check: bool, **options: object) -> None:
        try:
            if check:
                files = read_ladder(paths or None)
                positions = sum(len(role.positions) for _, role in files.roles)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Valid: {len(files.roles)} roles, {positions} positions (data version {files.data_version})."
                    )
                )
                return
            report = load_ladder(paths=paths or None)
        except FixtureInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(invalid.errors)} error(s); nothing was written.") from None
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Loaded data version {report.data_version}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nothing changed: the database already holds data version {report.data_version}."
                )
            )
