// BlazorMonaco keeps every editor it creates in a list and never drops one; the page's editor
// component calls this when it is removed, so a closed dialog leaves no editor behind.
window.taskQueueEditors = {
    release(id) {
        const editors = window.blazorMonaco?.editors ?? [];
        const index = editors.findIndex(holder => holder.id === id);
        if (index >= 0) {
            const [holder] = editors.splice(index, 1);
            holder.editor.dispose();
        }
    },
};
