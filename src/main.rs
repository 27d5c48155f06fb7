//! The `policydiff` command: parses arguments, runs the pipeline, prints, and maps outcomes to exit codes.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
