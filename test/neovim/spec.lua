-- The headless Neovim test: Neovim's own LSP client, configured by
-- editors/neovim/vmx.lua, drives the real server (dist/server.js) on a temp
-- copy of test/neovim/fixture.vmx and messy.vmx. Run by scripts/neovim/run.mjs:
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/neovim/spec.lua'
-- Environment: VMX_REPO (checkout), VMX_NODE (node binary), VMX_WORK (temp
-- folder with the copies), VMX_RESULT (JSON file written at the end).
-- Each check asserts what the LSP says of the answer, not only that one came.
-- Exits with :cquit 1 when a check fails, :qall! when all pass.

local repo = assert(os.getenv('VMX_REPO'), 'VMX_REPO')
local node = assert(os.getenv('VMX_NODE'), 'VMX_NODE')
local work = assert(os.getenv('VMX_WORK'), 'VMX_WORK')
local result_file = assert(os.getenv('VMX_RESULT'), 'VMX_RESULT')
local TIMEOUT = tonumber(os.getenv('VMX_TIMEOUT_MS') or '') or 30000

-- VMX_LSP_LOG=debug: Neovim's lsp.log (under the run's XDG_CACHE_HOME) has every message.
if os.getenv('VMX_LSP_LOG') then
  vim.lsp.set_log_level(os.getenv('VMX_LSP_LOG'))
end

local results = {}
local failed = 0

local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    table.insert(results, { name = name, result = 'ok' })
  else
    failed = failed + 1
    table.insert(results, { name = name, result = 'error: ' .. tostring(err) })
  end
end

-- get_clients from 0.10 (get_active_clients and buf_get_clients are deprecated there).
local function clients(filter)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  if filter and filter.bufnr then
    return vim.tbl_values(vim.lsp.buf_get_clients(filter.bufnr))
  end
  return vim.lsp.get_active_clients()
end

local function finish()
  local f = assert(io.open(result_file, 'w'))
  f:write(vim.fn.json_encode({ nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch, checks = results }))
  f:close()
  for _, c in ipairs(clients()) do
    c.stop(true)
  end
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local function fail(fmt, ...)
  error(string.format(fmt, ...), 2)
end

local function wait_for(what, cond)
  if not vim.wait(TIMEOUT, cond, 50) then
    fail('timed out after %d ms waiting for %s', TIMEOUT, what)
  end
end

local function request(buf, method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  if not answers then
    fail('%s: no answer (%s)', method, tostring(err))
  end
  for _, a in pairs(answers) do
    if a.err then
      fail('%s: error %s', method, vim.inspect(a.err))
    end
    return a.result
  end
  fail('%s: no client answered', method)
end

local function codes(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[d.code] = d
  end
  return out
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
end

local function read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

-- The diagnostics as the server published them (LSP shape), for the code action context.
local published = {}
local original = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    published[result.uri] = result
  end
  return original(err, result, ctx, config)
end
-- Where Neovim pulls diagnostics (textDocument/diagnostic, 0.10+), the answers of the pulls.
local pulled = vim.lsp.handlers['textDocument/diagnostic']
if pulled then
  vim.lsp.handlers['textDocument/diagnostic'] = function(err, result, ctx, config)
    if result and result.kind == 'full' and ctx.params then
      published[ctx.params.textDocument.uri] = { uri = ctx.params.textDocument.uri, version = ctx.version, diagnostics = result.items }
    end
    return pulled(err, result, ctx, config)
  end
end

local ok_setup, vmx = pcall(dofile, repo .. '/editors/neovim/vmx.lua')
if not ok_setup then
  table.insert(results, { name = 'config loads', result = 'error: ' .. tostring(vmx) })
  failed = 1
  return finish()
end
vmx.setup({
  cmd = { node, repo .. '/dist/server.js', '--stdio' },
  -- Delivered at start: VMX207 (a warning by default) as a hint.
  settings = { vmx = { severities = { VMX207 = 'hint' } } },
})

local path = work .. '/fixture.vmx'
vim.cmd('edit ' .. vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
local original_text = buffer_text(buf)

check('filetype and client', function()
  if vim.bo[buf].filetype ~= 'vmx' then
    fail('filetype is %q, not vmx', vim.bo[buf].filetype)
  end
  wait_for('the vmx client to attach and initialize', function()
    for _, c in ipairs(clients({ bufnr = buf })) do
      if c.name == 'vmx' and c.initialized ~= false and c.server_capabilities then
        return true
      end
    end
    return false
  end)
  local client = clients({ bufnr = buf })[1]
  if client.config.root_dir ~= work then
    fail('root_dir %q, expected the folder with .git: %q', tostring(client.config.root_dir), work)
  end
  if vim.bo[buf].omnifunc ~= 'v:lua.vim.lsp.omnifunc' then
    fail('omnifunc is %q', vim.bo[buf].omnifunc)
  end
end)

check('diagnostics', function()
  wait_for('VMX209 and VMX207', function()
    local c = codes(buf)
    return c.VMX209 ~= nil and c.VMX207 ~= nil
  end)
  local c = codes(buf)
  local d = c.VMX209
  -- 0-based line 12 is `container api {` (web's root is folded into its VMX207); a warning by default; the server names itself.
  if d.lnum ~= 12 then
    fail('VMX209 on line %d, expected 12 (container api)', d.lnum)
  end
  if d.severity ~= vim.diagnostic.severity.WARN then
    fail('VMX209 severity %s, expected WARN', tostring(d.severity))
  end
  if d.source ~= 'vmx' then
    fail('source %q', tostring(d.source))
  end
  if not d.message:find('root', 1, true) then
    fail('VMX209 message: %s', d.message)
  end
  local lines = vim.api.nvim_buf_line_count(buf)
  for _, x in ipairs(published[uri].diagnostics) do
    if x.range.start.line >= lines or x.range['end'].line >= lines then
      fail('%s outside the document: %s', x.code, vim.inspect(x.range))
    end
  end
end)

check('settings at start (VMX207 as a hint)', function()
  wait_for('VMX207 as a hint', function()
    local d = codes(buf).VMX207
    return d ~= nil and d.severity == vim.diagnostic.severity.HINT
  end)
end)

check('hover', function()
  -- On `privileged` (line 7).
  local line = vim.api.nvim_buf_get_lines(buf, 7, 8, false)[1]
  local col = line:find('privileged', 1, true)
  local h = request(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 7, character = col + 1 } })
  if type(h) ~= 'table' or type(h.contents) ~= 'table' then
    fail('no Hover: %s', vim.inspect(h))
  end
  local kind, value = h.contents.kind, h.contents.value
  if kind ~= 'markdown' and kind ~= 'plaintext' then
    fail('contents is not MarkupContent: %s', vim.inspect(h.contents))
  end
  if not (value:lower():find('ring', 1, true) or value:lower():find('privilege', 1, true)) then
    fail('hover mentions neither ring nor privilege: %s', value)
  end
  if h.range then
    local r = h.range
    if r.start.line ~= 7 or r.start.character > col + 1 or r['end'].character < col + 1 then
      fail('hover range %s does not hold the position', vim.inspect(r))
    end
  end
end)

check('completion (no NUL bytes, plain text without snippetSupport)', function()
  -- The empty line 10 inside `container web { … }`.
  local r = request(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = 10, character = 6 } })
  local items = r and (r.items or r) or {}
  if #items == 0 then
    fail('no completion items')
  end
  local labels = {}
  for _, it in ipairs(items) do
    labels[it.label] = it
    for _, field in ipairs({ it.label, it.insertText, it.detail, it.textEdit and it.textEdit.newText }) do
      if type(field) == 'string' and field:find('\0', 1, true) then
        fail('NUL byte in %s: %q', it.label, field)
      end
    end
    -- Neovim 0.7 declares no snippetSupport: the LSP allows only plain text then.
    local snippets = vim.lsp.protocol.make_client_capabilities().textDocument.completion.completionItem.snippetSupport
    if not snippets and it.insertTextFormat == 2 then
      fail('%s is a snippet, but the client declared no snippetSupport', it.label)
    end
  end
  for _, want in ipairs({ 'process', 'mount', 'user', 'namespaces' }) do
    if not labels[want] then
      fail('no %s in the completion of a container block: %s', want, table.concat(vim.tbl_keys(labels), ' '))
    end
  end
  if labels.privileged or labels.cgroup then
    fail('offers privileged/cgroup, already set in the block')
  end
  -- What Neovim's omnifunc makes of them: a completion word with a line break is inserted with NUL bytes.
  local words = vim.lsp.util.text_document_completion_list_to_complete_items(r, '')
  local process
  for _, w in ipairs(words) do
    if w.word:find('[\n\r%z]') then
      fail('completion word with a line break or NUL: %q', w.word)
    end
    if w.abbr == 'process' then
      process = w
    end
  end
  -- Insert it as Neovim's completion does (complete() in Insert mode), then look at the line.
  _G.vmx_items = { process }
  vim.cmd([[
    function! VmxComplete()
      call complete(col('.'), v:lua.vmx_items_for_vim())
      return ''
    endfunction
    inoremap <buffer> <F5> <C-r>=VmxComplete()<CR>
  ]])
  _G.vmx_items_for_vim = function()
    return _G.vmx_items
  end
  -- menuone: the popup shows even for one match, and <C-y> accepts it (without a popup <C-y> copies the character above).
  vim.o.completeopt = 'menuone'
  vim.api.nvim_win_set_cursor(0, { 11, 6 })
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<F5><C-y><Esc>', true, false, true), 'tx', false)
  local inserted = vim.api.nvim_buf_get_lines(buf, 10, 11, false)[1]
  if inserted:find('%z') then
    fail('the inserted completion holds a NUL byte: %q', inserted)
  end
  if inserted ~= '      process name { }' then
    fail('inserted %q', inserted)
  end
  -- The server analyses the new text: valid, so no syntax error (VMX1xx).
  local version = vim.lsp.util.buf_versions[buf]
  wait_for('diagnostics of the edited text', function()
    return published[uri] and published[uri].version == version
  end)
  for _, x in ipairs(published[uri].diagnostics) do
    if tostring(x.code):match('^VMX1') then
      fail('the completed text has %s: %s', x.code, x.message)
    end
  end
  vim.cmd('silent undo')
  if buffer_text(buf) ~= original_text then
    fail('undo did not restore the text')
  end
end)

check('vmx/simulate', function()
  local r = request(buf, 'vmx/simulate', { uri = uri })
  if type(r) ~= 'table' or type(r.entities) ~= 'table' or #r.entities == 0 then
    fail('no entities: %s', vim.inspect(r))
  end
  local ids = {}
  for _, e in ipairs(r.entities) do
    ids[e.id] = e
  end
  if not ids.h or not ids['h/web'] then
    fail('entities %s, expected h and h/web', table.concat(vim.tbl_keys(ids), ' '))
  end
  if not (type(r.duration) == 'number' and r.duration > 0) or type(r.findings) ~= 'table' then
    fail('duration %s, findings %s', tostring(r.duration), type(r.findings))
  end
end)

check('settings changed at run time (VMX209 off)', function()
  vmx.set_settings({ vmx = { severities = { VMX207 = 'hint', VMX209 = 'off' } } })
  wait_for('VMX209 gone', function()
    local c = codes(buf)
    return c.VMX209 == nil and c.VMX207 ~= nil
  end)
  if codes(buf).VMX207.severity ~= vim.diagnostic.severity.HINT then
    fail('VMX207 is no longer a hint')
  end
end)

check('code action (quick fix for VMX207)', function()
  local d
  for _, x in ipairs((published[uri] or {}).diagnostics or {}) do
    if x.code == 'VMX207' then
      d = x
    end
  end
  if not d then
    fail('VMX207 not published')
  end
  local actions = request(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = d.range,
    context = { diagnostics = { d }, only = { 'quickfix' } },
  })
  local fix
  for _, a in ipairs(actions or {}) do
    -- Neovim declares codeActionLiteralSupport: CodeAction literals, not Commands.
    if type(a.title) ~= 'string' or type(a.command) == 'string' then
      fail('not a CodeAction literal: %s', vim.inspect(a))
    end
    if not (a.kind == 'quickfix' or (a.kind or ''):find('^quickfix%.')) then
      fail('asked only for quickfix, got %s', tostring(a.kind))
    end
    for _, ad in ipairs(a.diagnostics or {}) do
      if ad.code == 'VMX207' then
        fix = a
      end
    end
  end
  if not fix then
    fail('no quick fix for VMX207: %s', vim.inspect(actions))
  end
  -- Neovim declares codeAction.resolveSupport for 'edit': the server may leave the edit to
  -- codeAction/resolve, which it must then provide (as Neovim's own code_action() does it).
  if not fix.edit then
    local provider = clients({ bufnr = buf })[1].server_capabilities.codeActionProvider
    if type(provider) ~= 'table' or not provider.resolveProvider then
      fail('an action without edit, but no codeAction/resolve: %s', vim.inspect(fix))
    end
    fix = request(buf, 'codeAction/resolve', fix)
    if type(fix) ~= 'table' or type(fix.edit) ~= 'table' then
      fail('codeAction/resolve gave no edit: %s', vim.inspect(fix))
    end
  end
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  wait_for('VMX207 gone after the fix', function()
    return codes(buf).VMX207 == nil
  end)
end)

check('formatting', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(work .. '/messy.vmx'))
  local mbuf = vim.api.nvim_get_current_buf()
  local muri = vim.uri_from_bufnr(mbuf)
  wait_for('the client on messy.vmx', function()
    return published[muri] ~= nil
  end)
  local params = { textDocument = { uri = muri }, options = { tabSize = 4, insertSpaces = true } }
  local edits = request(mbuf, 'textDocument/formatting', params)
  if type(edits) ~= 'table' or #edits == 0 then
    fail('no edits for a messy file: %s', vim.inspect(edits))
  end
  vim.lsp.util.apply_text_edits(edits, mbuf, 'utf-16')
  local expected = read(repo .. '/test/neovim/messy.formatted.vmx')
  local got = buffer_text(mbuf)
  if got ~= expected then
    fail('formatted text differs:\n--- got\n%s--- expected\n%s', got, expected)
  end
  -- A formatted document needs no edits (TextEdit[] empty, or null).
  local again = request(mbuf, 'textDocument/formatting', params)
  if again ~= nil and again ~= vim.NIL and #again > 0 then
    fail('formatting the formatted text gave edits: %s', vim.inspect(again))
  end
end)

finish()
