using System.CommandLine;
using Spectre.Console;

namespace Cutout.Cli;

/// <summary>Exit codes and error reporting shared by every command.</summary>
internal static class CliRunner
{
    public const int Success = 0;
    public const int ProcessingError = 1;
    public const int UsageError = 2;

    /// <summary>Progress, tables and messages go to stderr so that stdout can carry image bytes (<c>-o -</c>).</summary>
    public static IAnsiConsole Console { get; } = CreateConsole();

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                Console.MarkupLineInterpolated($"[red]cutout: error:[/] {error.Message}");
            Console.MarkupLine("Run [bold]cutout --help[/] for usage.");
            return UsageError;
        }

        bool verbose = parse.GetValue(CommonOptions.Verbose);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CutoutException e)
        {
            ReportError(e.Message, e, verbose);
            return e.Kind == CutoutErrorKind.InvalidOption ? UsageError : ProcessingError;
        }
        catch (OperationCanceledException)
        {
            Console.MarkupLine("[yellow]cutout: cancelled[/]");
            return ProcessingError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportError(e.Message, e, verbose);
            return ProcessingError;
        }
        catch (Exception e)
        {
            // A bug still ends as one line and exit code 1; the stack trace is there for whoever asks for it.
            ReportError($"unexpected {e.GetType().Name}: {e.Message}" + (verbose ? "" : " (run with --verbose for details)"), e, verbose);
            return ProcessingError;
        }
    }

    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        // Spectre wraps at 80 columns when stderr is not a terminal; log files read better unwrapped.
        if (System.Console.IsErrorRedirected)
            console.Profile.Width = 240;
        return console;
    }

    public static void ReportError(string message, Exception? exception, bool verbose)
    {
        Console.MarkupLineInterpolated($"[red]cutout: error:[/] {Printable(message)}");
        if (verbose && exception is not null)
            Console.WriteException(exception);
    }

    /// <summary>
    /// Text from outside (file names, decoder messages) with control characters shown as '?': an escape sequence
    /// in a file name must not reach the terminal, where it could rewrite the screen or the title.
    /// </summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;
}
