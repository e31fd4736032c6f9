using System.Text.RegularExpressions;

namespace Cutout.Chat.Planning;

/// <summary>
/// What a message does in the conversation rather than to the image: undo, reuse earlier settings, questions,
/// thanks, yes and no to a proposal, and the requests that are not background removal at all.
/// </summary>
internal static partial class ConversationReader
{
    /// <summary>Ends with a question mark or starts with a question word.</summary>
    public static bool IsQuestion(InstructionText text) =>
        text.EndsWithQuestionMark || (text.Tokens.Count > 0 && QuestionStarters.Contains(text.Tokens[0]));

    private static readonly HashSet<string> QuestionStarters = ["what", "what's", "which", "how", "how's", "why", "when", "where", "who", "does", "do", "is", "are", "can", "could"];

    [GeneratedRegex(@" (undo|revert|rollback|unde) | go back | back to (the )?(previous|last|earlier|original|old)\b| (previous|last|earlier|old) version | take (that|it) back | restore (the )?(previous|earlier|last|old) ")]
    internal static partial Regex UndoCue();

    [GeneratedRegex(@" (remove|removing|removed|removal|erase|erasing|delete|deleting|isolate|isolated|extract|extracting|cutout|cutouts|cut|strip|eliminate|knock|separate) | get rid of | take out | no background ")]
    internal static partial Regex RemovalCue();

    [GeneratedRegex(@" same (but|except|with|again|thing|things)\b| same (settings|setting|approach|way|style|options|process|treatment|look|edits|parameters|as (before|previously|last time|the (last|previous|first|other)( one)?))\b| as before | like before | like (the )?(last|previous|other|first) (one|image|photo|time)| as (last time|previously) | do (the same|it again) ")]
    internal static partial Regex ReuseCue();

    [GeneratedRegex(@" same (background|bg|backdrop|colour|color|scene) ")]
    internal static partial Regex SameBackgroundCue();

    [GeneratedRegex(@" (remove|erase|delete|get rid of) (the |all |any |those |these |that |this )?(\w+ )?(people|person|persons|text|texts|watermark|watermarks|logo|logos|object|objects|blemish|blemishes|wires|car|cars|crowd|tourists|pimples|wrinkles|spots|scratches|dust|reflections?) ")]
    internal static partial Regex ObjectRemovalCue();

    [GeneratedRegex(@" (ecommerce|marketplace|webshop|web shop|online (store|shop)|product listing|listing photo|catalog|catalogue) ")]
    internal static partial Regex EcommerceCue();

    // Questions about the service rather than requests: "what formats...", "does it work with...", "can you handle gradients?"
    // ("what about a blue background?" and "can you make it white?" are requests).
    [GeneratedRegex(@"^ (what|what's|which|how|how's|why|when|where|who|is there|are there|is it|are you|do you|does|do i|can it|will it|could it|(can|could) you (do|handle|support|work with|deal with|manage|process)(?! (it|this|these|them|that|my) ))\b(?! about)")]
    internal static partial Regex InfoQuestionStart();

    [GeneratedRegex(@" (thanks|thank you|thx|cheers|appreciate|appreciated) ")]
    internal static partial Regex ThanksCue();

    [GeneratedRegex(@"^ (yes|yeah|yep|yup|sure|ok|okay|go ahead|do it|proceed|confirm|confirmed|sounds good|looks good|please do|go for it|let's go|lets go|approved|correct|perfect)\b")]
    internal static partial Regex ConfirmCue();

    [GeneratedRegex(@"^ (no|nope|cancel|stop|never mind|nevermind|don't|do not|forget it|abort)\b")]
    internal static partial Regex DeclineCue();
}
