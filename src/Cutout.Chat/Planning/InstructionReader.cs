namespace Cutout.Chat.Planning;

/// <summary>
/// Reads the <see cref="RequestedSettings"/> out of a message. Pure functions of the text; each topic has its own
/// reader (backgrounds, shadows, edges, layout, output, conversation), this class only puts their answers together.
/// </summary>
internal static class InstructionReader
{
    public static RequestedSettings Read(InstructionText text)
    {
        var presets = PresetVocabulary.FindAll(text.Words);
        var (background, defaultGradient) = BackgroundReader.Read(text);
        var (format, unsupportedFormat) = OutputReader.ReadFormat(text);
        var (layout, genericPadding) = LayoutReader.Read(text);
        bool shadowTone = text.Has(ShadowReader.ShadowTone());
        return new RequestedSettings
        {
            Undo = text.Has(ConversationReader.UndoCue()),
            Removal = text.Has(ConversationReader.RemovalCue()),
            ReuseSettings = text.Has(ConversationReader.ReuseCue()),
            SameBackground = text.Has(ConversationReader.SameBackgroundCue()),
            Background = background,
            DefaultGradient = defaultGradient,
            BackgroundChangeWithoutValue = background is null && text.Has(BackgroundReader.BackgroundChangeCue()),
            UnknownScene = background is null && text.Has(BackgroundReader.PlacementCue()),
            Shadow = ShadowReader.Read(text),
            EdgeCare = EdgeReader.Read(text),
            EdgeComplaint = text.Has(EdgeReader.EdgeComplaintCue()) && !shadowTone,
            ShadowStrength = shadowTone,
            ObjectRemoval = text.Has(ConversationReader.ObjectRemovalCue()),
            // "make the shadow lighter" is about the shadow, not the background.
            Tone = shadowTone ? null : BackgroundReader.ReadTone(text),
            Format = format,
            UnsupportedFormat = unsupportedFormat,
            MaskOnly = text.Has(OutputReader.MaskCue()),
            Layout = layout,
            GenericPadding = genericPadding,
            Presets = presets,
            GenericEcommerce = presets.Count == 0 && text.Has(ConversationReader.EcommerceCue()),
            Mode = OutputReader.ReadMode(text),
            IsQuestion = ConversationReader.IsQuestion(text),
            StartsLikeInfoQuestion = text.Has(ConversationReader.InfoQuestionStart()),
            Thanks = text.Has(ConversationReader.ThanksCue()),
            Confirms = text.Has(ConversationReader.ConfirmCue()),
            Declines = text.Has(ConversationReader.DeclineCue()),
        };
    }
}
