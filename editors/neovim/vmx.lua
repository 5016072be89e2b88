-- Neovim configuration for vmx-language-server (.vmx host-topology files).
--
-- Works on Neovim 0.7.2 (Debian 12) and on 0.10+: each API is picked by
-- feature detection, never by version number.
--
--   local vmx = dofile('/path/to/checkout/editors/neovim/vmx.lua')
--   vmx.setup({
--     cmd = { 'vmx-language-server', '--stdio' },   -- the default
--     settings = { vmx = { severities = { VMX209 = 'hint' } } },
--   })
--
-- Options of setup(opts), all optional:
--   cmd           the server command (default { 'vmx-language-server', '--stdio' })
--   settings      { vmx = { simulateOnType, simulation, profile, severities,
--                 thresholds, limits } } (the settings of the VS Code extension;
--                 simulateOnTypeMaxLines is deprecated: simulation on type has no
--                 size limit, an edit re-simulates only the hosts it changed). Delivered three ways, so every server and client
--                 version gets them: initializationOptions.settings,
--                 workspace/didChangeConfiguration after init (0.10 sends it
--                 itself; on 0.7 this module does, 0.7 does not), and the
--                 workspace/configuration pull (0.10 declares it; 0.7 does not).
--   root_markers  files or folders that mark a project root (default { '.git', 'vmx.config.json' })
--   inlay_hints   enable inlay hints where Neovim has them (0.10+; default true)
--   codelens      refresh code lenses on BufEnter/InsertLeave (default true)
--   on_attach     function(client, bufnr) called after the client attaches
--   capabilities  client capabilities (default: Neovim's own)
--
-- Also: M.set_settings(settings) changes the settings of running clients,
-- and the :VmxSimulate command runs vmx/simulate for the current buffer.

local M = {}

local defaults = {
  cmd = { 'vmx-language-server', '--stdio' },
  settings = {},
  root_markers = { '.git', 'vmx.config.json' },
  inlay_hints = true,
  codelens = true,
}

M.config = vim.deepcopy(defaults)

-- 0.7: client ids by root folder (0.10's vim.lsp.start does this bookkeeping itself).
local started = {}

local function has(feature)
  return vim.fn.has(feature) == 1
end

-- client.notify(…) on 0.7–0.10, client:notify(…) from 0.11 (where the dot form is deprecated).
local function notify(client, method, params)
  if has('nvim-0.11') then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function vmx_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'vmx' })
  end
  return vim.tbl_filter(function(c)
    return c.name == 'vmx'
  end, vim.lsp.get_active_clients())
end

--- The nearest folder above the buffer's file holding one of the markers, else the current directory.
function M.root_dir(bufnr)
  local markers = M.config.root_markers
  if vim.fs and vim.fs.root then
    return vim.fs.root(bufnr, markers) or vim.fn.getcwd()
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.fn.getcwd()
  end
  -- finddir/findfile with "dir;" search upwards; their path argument escapes spaces and commas.
  local from = vim.fn.escape(vim.fn.fnamemodify(name, ':p:h'), ' ,\\') .. ';'
  local best
  for _, marker in ipairs(markers) do
    local root
    local dir = vim.fn.finddir(marker, from)
    if dir ~= '' then
      root = vim.fn.fnamemodify(dir, ':p:h:h') -- ':p' of a folder ends in '/': ':h' drops it, the next ':h' the marker
    else
      local file = vim.fn.findfile(marker, from)
      if file ~= '' then
        root = vim.fn.fnamemodify(file, ':p:h')
      end
    end
    if root and (best == nil or #root > #best) then
      best = root
    end
  end
  return best or vim.fn.getcwd()
end

local function on_attach(client, bufnr)
  -- 0.10 sets omnifunc for LSP buffers itself; 0.7 does not.
  if vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
  if M.config.inlay_hints and vim.lsp.inlay_hint then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  if M.config.codelens and vim.lsp.codelens then
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave' }, {
      buffer = bufnr,
      callback = function()
        pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
      end,
    })
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function client_config(root)
  local settings = vim.deepcopy(M.config.settings or {})
  return {
    name = 'vmx',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    settings = settings,
    -- The server reads initializationOptions.settings as { vmx = … } or as the vmx section.
    init_options = next(settings) and { settings = settings } or nil,
    on_init = function(client)
      -- 0.7 never sends the settings (0.10 does, after on_init): push them, as its docs advise.
      if not vim.lsp.start and next(client.config.settings or {}) then
        notify(client, 'workspace/didChangeConfiguration', { settings = client.config.settings })
      end
      return true
    end,
    on_attach = on_attach,
  }
end

--- Start (or reuse) the client for the buffer's root and attach the buffer.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local root = M.root_dir(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = started[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      vim.notify('vmx: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    started[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- New settings ({ vmx = … }) for the running clients, pushed with workspace/didChangeConfiguration.
function M.set_settings(settings)
  M.config.settings = vim.deepcopy(settings)
  for _, client in ipairs(vmx_clients()) do
    client.config.settings = vim.deepcopy(settings)
    if client.settings ~= nil then
      client.settings = vim.deepcopy(settings) -- 0.10+: what its workspace/configuration handler answers from
    end
    notify(client, 'workspace/didChangeConfiguration', { settings = settings })
  end
end

local function simulate()
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_request(buf, 'vmx/simulate', { uri = vim.uri_from_bufnr(buf) }, function(err, result)
    if err then
      return vim.notify('vmx/simulate: ' .. err.message, vim.log.levels.ERROR)
    end
    vim.notify(('simulated %ss: %d entities, %d findings'):format(result.duration, #result.entities, #result.findings))
  end)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers -- lists are replaced, not merged
  end
  if opts and opts.cmd then
    M.config.cmd = opts.cmd
  end

  -- The filetype: vim.filetype.add is what 0.8+ detects with; 0.7 has it, but only
  -- uses it with vim.g.do_filetype_lua = 1, so an autocmd there.
  if has('nvim-0.8') then
    vim.filetype.add({ extension = { vmx = 'vmx' } })
  else
    vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
      group = vim.api.nvim_create_augroup('vmx_filetype', { clear = true }),
      pattern = '*.vmx',
      command = 'setfiletype vmx',
    })
  end

  local group = vim.api.nvim_create_augroup('vmx_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'vmx',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('VmxSimulate', simulate, { force = true })

  -- Buffers already open when setup runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'vmx' then
      M.attach(buf)
    end
  end
  return M
end

return M
